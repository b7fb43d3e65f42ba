"""Seeded generators of Segment messages for differential runs against the real Segment code.

Two families, both pure functions of (seed, index) so event *i* is the same whatever the count:

- `ordinary_event`: what a site or app really sends (identify / track / page / screen / alias / group, the
  special traits, ISO dates, Order Completed with products, the Actions presets' `Delete User`);
- `hostile_event`: the same shapes with JavaScript's edges mixed in: integers above 2**53, tiny and huge doubles,
  lone surrogates, impossible or far-past ISO dates, keys that JavaScript objects inherit (`__proto__`,
  `constructor`, `hasOwnProperty`, `toString`, `length`), integer-like keys, case/separator variants of the same
  field, values of the wrong type in every position (`userId: [{}]`, `traits: "x"`, `properties: [..]`).

Used by `fuzz.differential`; independent of the transformer (it only makes inputs).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

TYPES = ("identify", "track", "page", "screen", "alias", "group")
TRACK_NAMES = ("Product Viewed", "Signed Up", "Button Clicked", "Song Played", "Order Completed", "Delete User")
ORDER_NAMES = ("Order Completed", "order_completed", "Completed Order", "ordercompleted", "Order Completed ")
FIRST = ("Ana", "Bo", "Chen", "Dara", "Émile", "Ivan", "Jun", "Lea")
LAST = ("Ng", "Okafor", "Schmidt", "Tanaka", "Dubois", "Silva")
ISO_OK = (
    "2026-01-02T03:04:05.678Z",
    "2026-01-02T03:04:05Z",
    "1990-03-01",
    "2020-02-29T12:00:00+05:30",
    "2021-07-14T23:59:59.999-04:00",
)

# --- hostile vocabularies -----------------------------------------------------------------------------------------
HOSTILE_NUMBERS: tuple[Any, ...] = (
    9007199254740993,
    12345678901234567890,
    -9007199254740993,
    10**30,
    1e21,
    1e-7,
    0.000001,
    0.1 + 0.2,
    -0.0,
    148.0,
    5e-324,
    1.7976931348623157e308,
    0,
    -1,
)
HOSTILE_STRINGS: tuple[str, ...] = (
    "",
    " ",
    "\ud83d",
    "a\udc00b",
    "😀",
    "٢",
    "３",
    "null",
    "undefined",
    "true",
    "0",
    "12",
    "1e3",
    "toString",
    "__proto__",
    "x@y.co",
    "+14155550100",
    "2001-02-29",
    "2001-13-01T00:00:00Z",
    "2001-01-00",
    "2020-01-01T24:00:00Z",
    "2020-12-31T23:59:60Z",
    "0050-06-15T00:00:00Z",
    "0000-01-01",
    "2020-01-01 10:00:00+05:00",
    "2020-01-01 10:00:00",
    "2020-01-01T10:00:00+0530",
    "20200101T100000Z",
    "2020-01-01T10:00:00,5Z",
    " 2026-01-02T03:04:05Z ",
    "2026-01-02T03:04:05 UTC",
    "Male",
    "MALE",
    "f",
)
HOSTILE_KEYS: tuple[str, ...] = (
    "__proto__",
    "constructor",
    "prototype",
    "hasOwnProperty",
    "toString",
    "valueOf",
    "length",
    "0",
    "10",
    "2",
    "01",
    "4294967295",
    "a.b",
    "a.__proto__.x",
    "",
    " ",
    "Email",
    "e_mail",
    "E-Mail",
    "Gender",
    "gender",
    "orderId",
    "order_id",
    "Order ID",
    "avatarUrl",
    "photoUrl",
    "firstName",
    "first_name",
    "lastName",
    "phones",
    "Name",
    "name",
    "id",
    "ID",
    "userId",
    "birthday",
    "products",
    "Products",
    "total",
    "revenue",
    "\ud83d",
)


def _rng(seed: int, family: str, index: int) -> random.Random:
    return random.Random(f"{seed}:{family}:{index}")


# --- ordinary ------------------------------------------------------------------------------------------------------


def _ordinary_traits(r: random.Random) -> dict[str, Any]:
    first, last = r.choice(FIRST), r.choice(LAST)
    pool: dict[str, Any] = {
        "name": f"{first} {last}",
        "firstName": first,
        "lastName": last,
        "email": f"{first.lower()}.{last.lower()}@example.com",
        "phone": f"+1415555{r.randint(1000, 9999)}",
        "gender": r.choice(("male", "female", "M", "F", "other")),
        "birthday": r.choice(("1990-03-01", "1985-12-24T00:00:00.000Z", "2001-07-04")),
        "avatar": "https://example.com/a.png",
        "plan": r.choice(("free", "pro", "team")),
        "logins": r.randint(0, 500),
        "score": round(r.uniform(0, 100), 2),
        "vip": r.choice((True, False)),
        "tags": ["a", "b"],
        "address": {"city": "Paris", "country": "FR"},
        "createdAt": r.choice(ISO_OK),
    }
    keys = r.sample(sorted(pool), r.randint(0, len(pool)))
    return {k: pool[k] for k in keys}


def _ordinary_products(r: random.Random) -> list[dict[str, Any]]:
    return [
        {
            "product_id": f"p{r.randint(1, 99)}",
            "sku": f"SKU-{r.randint(100, 999)}",
            "name": r.choice(("Shoe", "Hat", "Book")),
            "price": round(r.uniform(1, 99), 2),
            "quantity": r.randint(1, 3),
        }
        for _ in range(r.randint(0, 3))
    ]


def _ordinary_properties(r: random.Random, name: str) -> dict[str, Any]:
    if name in ORDER_NAMES:
        props: dict[str, Any] = {
            "order_id": f"o-{r.randint(1, 10**6)}",
            "total": round(r.uniform(1, 500), 2),
            "revenue": round(r.uniform(1, 500), 2),
            "currency": "USD",
        }
        if r.random() < 0.8:
            props["products"] = _ordinary_products(r)
        return props
    pool: dict[str, Any] = {
        "category": r.choice(("shoes", "hats")),
        "price": round(r.uniform(1, 99), 2),
        "count": r.randint(0, 10),
        "ok": r.choice((True, False)),
        "list": [1, 2],
        "nested": {"a": 1},
        "at": r.choice(ISO_OK),
        "label": r.choice(("x", "y", "")),
    }
    keys = r.sample(sorted(pool), r.randint(0, len(pool)))
    return {k: pool[k] for k in keys}


def ordinary_event(seed: int, index: int) -> dict[str, Any]:
    """One realistic Segment message."""
    r = _rng(seed, "ordinary", index)
    kind = r.choices(TYPES, weights=(5, 6, 2, 1, 1, 1))[0]
    event: dict[str, Any] = {"type": kind, "messageId": f"m-{seed}-{index}"}
    if r.random() < 0.85:
        event["userId"] = r.choice((f"u-{r.randint(1, 9999)}", f"user{r.randint(1, 99)}@example.com"))
    if r.random() < 0.7 or "userId" not in event:
        event["anonymousId"] = f"anon-{r.randint(1, 10**6)}"
    if r.random() < 0.9:
        event["timestamp"] = r.choice(ISO_OK)
    if kind == "identify":
        event["traits"] = _ordinary_traits(r)
        if r.random() < 0.3:
            event["properties"] = _ordinary_properties(r, "x")
    elif kind == "track":
        name = r.choice(TRACK_NAMES + ORDER_NAMES[1:])
        event["event"] = name
        event["properties"] = _ordinary_properties(r, name)
    elif kind in ("page", "screen"):
        event["name"] = r.choice(("Home", "Pricing", "Checkout"))
        event["properties"] = _ordinary_properties(r, "x")
    elif kind == "alias":
        event["previousId"] = f"old-{r.randint(1, 99)}"
    else:
        event["groupId"] = f"g-{r.randint(1, 99)}"
        event["traits"] = {"name": "Acme"}
    return event


# --- hostile -------------------------------------------------------------------------------------------------------


def _hostile_scalar(r: random.Random) -> Any:
    pick = r.random()
    if pick < 0.4:
        return r.choice(HOSTILE_STRINGS)
    if pick < 0.75:
        return r.choice(HOSTILE_NUMBERS)
    if pick < 0.85:
        return r.choice((True, False, None))
    return r.choice(ISO_OK)


def _hostile_value(r: random.Random, depth: int = 0) -> Any:
    pick = r.random()
    if depth >= 2 or pick < 0.65:
        return _hostile_scalar(r)
    if pick < 0.8:
        return [_hostile_value(r, depth + 1) for _ in range(r.randint(0, 3))]
    if pick < 0.85:
        return [r.choice(([{}], [None], {}, None, "x"))]
    return _hostile_object(r, depth + 1)


def _hostile_key(r: random.Random) -> str:
    if r.random() < 0.6:
        return r.choice(HOSTILE_KEYS)
    return r.choice(("plan", "score", "city", "Plan Type", "x1", "count"))


def _hostile_object(r: random.Random, depth: int = 0) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for _ in range(r.randint(0, 6)):
        key = _hostile_key(r)
        value = _hostile_value(r, depth)
        if key == "length" and type(value) in (int, float) and abs(value) > 100:
            value = 3  # a huge numeric length makes the browser code loop for ever: not a differential case
        out[key] = value
    if r.random() < 0.05:
        out["length"] = r.choice((0, 1, 2, "2", 3.5))
    return out


def _hostile_container(r: random.Random, base: Callable[[], dict[str, Any]]) -> Any:
    """traits / properties: mostly an object (ordinary keys mixed with hostile ones), sometimes the wrong type."""
    pick = r.random()
    if pick < 0.78:
        obj = base()
        obj.update(_hostile_object(r))
        return obj
    return r.choice(
        (
            [{"a": 1}],
            [1, 2],
            [],
            "a string",
            "",
            42,
            None,
            True,
            {"length": 2, "a": 1},
            {"hasOwnProperty": "x", "email": "a@b.co"},
            {"__proto__": {"polluted": 1}, "a": 1},
        )
    )


_ID_VALUES: tuple[Any, ...] = (
    "u-1",
    "",
    " ",
    9007199254740993,
    10**30,
    1e-7,
    0.000001,
    0,
    12.5,
    True,
    False,
    None,
    [{}],
    [None],
    ["a"],
    [1],
    [],
    {},
    {"toString": "x"},
    "2020-01-01T00:00:00Z",
    "2001-02-29",
    "someone@example.com",
    "\ud83d",
)


def hostile_event(seed: int, index: int) -> dict[str, Any]:
    """One Segment message with JavaScript's edges in every position."""
    r = _rng(seed, "hostile", index)
    event = ordinary_event(seed, index + 1_000_000)
    kind = r.random()
    if kind < 0.06:
        event["type"] = r.choice(("IDENTIFY", "Track", "unknown", "", None, 7, ["track"]))
    for field in ("userId", "anonymousId", "timestamp"):
        if r.random() < 0.35:
            event[field] = r.choice(_ID_VALUES + ((None,) if field == "timestamp" else ()))
        elif r.random() < 0.05:
            event.pop(field, None)
    if event.get("type") == "alias" and r.random() < 0.5:
        event["to"] = r.choice(_ID_VALUES)
        event.pop("userId", None)
    if r.random() < 0.5:
        event["traits"] = _hostile_container(r, lambda: _ordinary_traits(r))
    if r.random() < 0.6:
        name = str(event.get("event") or "")
        event["properties"] = _hostile_container(r, lambda: _ordinary_properties(r, name))
        if r.random() < 0.2 and isinstance(event["properties"], dict):
            event["properties"]["products"] = r.choice(
                ([{"a": {"b": 1}}], [None, {"id": 1}], "p", [[1]], [{"price": 9007199254740993}], {"0": {}})
            )
    if event.get("type") == "track" and r.random() < 0.2:
        event["event"] = r.choice((None, "", 42, ["Order Completed"], "Order Completed", "Delete User", "toString"))
    if r.random() < 0.05:
        event["context"] = {"traits": _hostile_object(r)}
    return event


def events(seed: int, ordinary: int, hostile: int) -> list[tuple[str, dict[str, Any]]]:
    """(family, event) pairs: `ordinary` realistic ones, then `hostile` ones."""
    out = [("ordinary", ordinary_event(seed, i)) for i in range(ordinary)]
    out += [("hostile", hostile_event(seed, i)) for i in range(hostile)]
    return out
