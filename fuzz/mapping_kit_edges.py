"""Seeded Segment Actions subscriptions with mapping-kit directives, for the differential against actions-core.

`cases(seed, n)` gives `n` pairs `{"settings", "event"}`: each a one-subscription `userUpload` whose mapping nests
the directives (`@path`, `@template`, `@if`, `@case`, `@replace`, `@arrayPath`, `@json`, `@flatten`, `@merge`,
`@literal`, `@excludeWhenNull`, `@transform`, and invalid ones) up to three deep, over an ordinary or hostile Segment
event (`fuzz.segment_edges`). Pure function of (seed, n); independent of the transformer (it only makes inputs).
`normalise_peer` turns actions-core's AggregateError text (its first validation message followed by its own stack
trace) into that first message, the part another program can reproduce.
"""

from __future__ import annotations

import random
from typing import Any

from .segment_edges import hostile_event, ordinary_event

PATHS = (
    "$.userId",
    "$.traits",
    "$.traits.email",
    "$.traits.name",
    "$.properties",
    "$.properties.total",
    "$.timestamp",
    "$.context.traits",
    "$.event",
    "$.type",
    "$.anonymousId",
    "traits.plan",
    "$.traits.tags",
    "$.properties.products",
    "$.properties.products[0].name",
    "$.missing",
    "$.traits.address",
    "$.traits.logins",
)
TEMPLATES = (
    "{{userId}}",
    "id-{{traits.email}}",
    "{{{traits.name}}}!",
    "{{ properties.total }}",
    "{{missing}}x",
    "plain",
)
SUBSCRIBE = " or ".join(f'type = "{t}"' for t in ("identify", "track", "page", "screen", "group", "alias"))


def _leaf(r: random.Random) -> Any:
    return r.choice(
        [
            {"@path": r.choice(PATHS)},
            r.choice(["lit", "", 0, 5, True, None, "x y"]),
            {"@template": r.choice(TEMPLATES)},
        ]
    )


def _directive(r: random.Random, depth: int = 0) -> Any:
    if depth > 2:
        return _leaf(r)
    kind = r.randrange(14)
    if kind == 0:
        test: dict[str, Any] = {r.choice(["exists", "blank"]): _leaf(r), "then": _directive(r, depth + 1)}
        if r.random() < 0.5:
            test["else"] = _directive(r, depth + 1)
        return {"@if": test}
    if kind == 1:
        return {"@case": {"operator": r.choice(["lower", "upper", "title"]), "value": _directive(r, depth + 1)}}
    if kind == 2:
        options: dict[str, Any] = {
            "pattern": r.choice(["a", ".", " ", "e", "$", "A"]),
            "replacement": r.choice(["", "-", "$&$&", "$$", "X"]),
            "value": _directive(r, depth + 1),
        }
        for flag in ("ignorecase", "global"):
            if r.random() < 0.5:
                options[flag] = r.choice([True, False])
        return {"@replace": options}
    if kind == 3:
        shape = r.choice([{"n": {"@path": "$.name"}, "p": {"@path": "$.price"}}, {}, {"x": "lit"}])
        return {"@arrayPath": [r.choice(["$.properties.products", "$.traits.tags", "$.traits"]), shape]}
    if kind == 4:
        return {"@json": {"mode": r.choice(["encode", "decode"]), "value": _directive(r, depth + 1)}}
    if kind == 5:
        flatten: dict[str, Any] = {"separator": r.choice([".", "_"]), "value": _directive(r, depth + 1)}
        if r.random() < 0.5:
            flatten["omitArrays"] = r.choice([True, False])
        return {"@flatten": flatten}
    if kind == 6:
        sources = [{"@path": "$.traits"}, {"@path": "$.properties"}, {"a": 1}, {"@path": "$.context.traits"}]
        objects = [r.choice(sources) for _ in range(r.randint(1, 3))]
        return {"@merge": {"direction": r.choice(["left", "right"]), "objects": objects}}
    if kind == 7:
        return {"@literal": r.choice(["x", {"a": {"@path": "$.userId"}}, 5])}
    if kind == 8:
        return {"@excludeWhenNull": _directive(r, depth + 1)}
    if kind == 9:
        apply = {"u": {"@path": "$.userId"}, "t": {"@path": "$.traits"}}
        return {"@transform": {"apply": apply, "mapping": {"id": {"@path": "$.u"}, "e": {"@path": "$.t.email"}}}}
    if kind == 10:
        return {r.choice(["@bogus", "@path"]): r.choice([5, "$.userId", {"@path": "$.userId"}])}
    if kind == 11:
        return {"@if": {"then": "x"}}
    return _leaf(r)


def _pair(subscription: dict[str, Any], seed: int, index: int, r: random.Random) -> dict[str, Any]:
    """The subscription as the only one of a fixed account, over an ordinary or (three times in ten) hostile event."""
    settings = {
        "clevertapAccountId": "ACC",
        "clevertapPasscode": "PASS",
        "clevertapEndpoint": "https://sk1.api.clevertap.com",
        "subscriptions": [subscription],
    }
    event = ordinary_event(seed, index) if r.random() < 0.7 else hostile_event(seed, index)
    return {"settings": settings, "event": event}


def cases(seed: int, n: int) -> list[dict[str, Any]]:
    r = random.Random(f"mapping-kit:{seed}")
    out = []
    for i in range(n):
        identity = r.choice(
            [{"@path": "$.userId"}, {"@path": "$.userId"}, {"@template": "id-{{userId}}"}, _directive(r)]
        )
        profile = r.choice([{"@path": "$.traits"}, _directive(r), {"a": _directive(r), "b": _directive(r)}])
        ts = r.choice([{"@path": "$.timestamp"}, _directive(r)])
        subscription = {
            "partnerAction": "userUpload",
            "subscribe": SUBSCRIBE,
            "mapping": {"identity": identity, "profileData": profile, "ts": ts},
        }
        out.append(_pair(subscription, seed, i, r))
    return out


def normalise_peer(result: Any) -> Any:
    """A peer result with an AggregateError of validation errors reduced to its first message."""
    error = result.get("error") if isinstance(result, dict) else None
    message = error.get("message") if isinstance(error, dict) else None
    if isinstance(error, dict) and isinstance(message, str) and message.startswith("\n    ValidationError"):
        first = message.strip().split("\n")[0].strip()
        return {"error": {"status": error.get("status"), "message": first}}
    return result


CONDITION_FIELDS = (
    "type",
    "event",
    "name",
    "userId",
    "properties.plan",
    "properties.total",
    "properties.price",
    "traits.plan",
    "traits.vip",
    "context.locale",
    "anonymousId",
    "type.x",
    "properties",
)
CONDITION_VALUES = ('"identify"', '"track"', '"page"', '"Order Completed"', '"pro"', '"en-US"', '"u-1"', '""', "'x'")
CONDITION_LITERALS = ("100", "0", "-1", "2.5", "true", "false", "null", "abc")


def _clause(r: random.Random) -> str:
    kind = r.randrange(10)
    field = r.choice(CONDITION_FIELDS)
    if kind < 5:
        return f"{field} {r.choice(['=', '!='])} {r.choice(CONDITION_VALUES)}"
    if kind < 7:
        return f"{field} {r.choice(['=', '!=', '<', '<=', '>', '>='])} {r.choice(CONDITION_LITERALS)}"
    if kind < 9:
        function = r.choice(["contains", "match", "!contains", "!match"])
        pattern = r.choice(['"Order"', '"Order*"', '"*Completed"', '"u*"', '"pro"'])
        return f"{function}({field}, {pattern})"
    return f"({_clause(r)} {r.choice(['and', 'or'])} {_clause(r)})"


def subscription_cases(seed: int, n: int) -> list[dict[str, Any]]:
    """Pairs whose one subscription has a generated FQL `subscribe` condition: 1-4 clauses (text and number
    comparisons, `null` / `true`, `contains()` / `match()` and their negations, one level of parentheses) on fields
    FQL knows and fields it does not, joined by `and` / `or` in any mix; now and then no condition text at all or a
    text the lexer refuses."""
    r = random.Random(f"subscribe:{seed}")
    out = []
    for i in range(n):
        clauses = [_clause(r) for _ in range(r.randint(1, 4))]
        condition: Any = clauses[0]
        for clause in clauses[1:]:
            condition += f" {r.choice(['and', 'or'])} {clause}"
        if r.random() < 0.05:
            condition = r.choice(["", "   ", None, 'type = "a\\"b"', "type = #", "(type = 'track'"])
        subscription = {
            "partnerAction": "userDelete",
            "subscribe": condition,
            "mapping": {"identity": {"@path": "$.userId"}},
        }
        out.append(_pair(subscription, seed, i, r))
    return out
