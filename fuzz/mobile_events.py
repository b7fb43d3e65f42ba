"""Seeded events for the Android and iOS device-mode differential runs (contracts/mobile_peers.py).

Two generators, both reproducible from (seed, index):

* ordinary: the fuzz package's valid Segment events (fuzz/providers.py), with per-event settings;
* hostile: the fuzz package's mutated events plus mobile-specific traps: blank names and ids, null and colliding
  traits (`phone`/`Phone`), numeric ids, numbers as text in every spelling `Double.valueOf` has (hex, suffixes,
  control characters, non-ASCII digits, NaN/Infinity), non-array and non-object products, big integers, early
  birthdays, dictionaries and nulls in special traits, missing account tokens.

Only Segment calls are kept: a message that is not a Segment call (no or unknown `type`, not an object) cannot
enter through the SDK's public API, so it has nothing to compare (the project answers it with an error).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .providers import generate_event

SEGMENT_CALLS = ("identify", "track", "page", "screen", "alias", "group")


@dataclass
class MobileCase:
    name: str
    event: dict[str, Any]
    settings: dict[str, Any]


def _settings(rng: random.Random, hostile: bool) -> dict[str, Any]:
    settings: dict[str, Any] = {"accountId": f"TEST-{rng.randrange(1000):03d}-{rng.randrange(1000):03d}"}
    settings["accountToken"] = f"{rng.randrange(1000):03d}-{rng.randrange(1000):03d}"
    settings["anonymousId"] = f"anon-{rng.randrange(10**6):06d}"
    if hostile:
        roll = rng.random()
        if roll < 0.04:
            del settings["accountToken"]
        elif roll < 0.06:
            settings["accountToken"] = rng.choice(["", "  ", "\t"])
    return settings


_NUMERIC_TEXT = (
    "12.5",
    " 7 ",
    "0x1p4",
    "0X1.8P1",
    "1e3",
    "3f",
    "2D",
    "\x01 5 \x1f",
    "١٢",
    "NaN",
    "-Infinity",
    "Infinity",
    "1_000",
    "inf",
    "",
    "  ",
    "abc",
    ".5",
    "5.",
    "-0",
    "1e400",
    "+3",
)
_ODD_TEXT = ("", " ", "\t", "\n", "\u3000", "\u00a0x", "Order Completed", "x")
_SCALARS: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    5,
    -3,
    2.5,
    1e21,
    12345678901234567890,
    9007199254740993,
    "",
    "  ",
    "text",
    [],
    {},
    ["s", 1],
    {"x": 1},
    {"x": {"y": None}},
)


def _scalar(rng: random.Random) -> Any:
    return rng.choice(_SCALARS)


def _h_identify(event: dict[str, Any], rng: random.Random) -> None:
    event["type"] = "identify"
    traits = event.setdefault("traits", {}) if isinstance(event.get("traits"), dict) else {}
    event["traits"] = traits
    for _ in range(rng.randint(1, 4)):
        key = rng.choice(
            [
                "phone",
                "Phone",
                "name",
                "Name",
                "email",
                "Email",
                "birthday",
                "DOB",
                "gender",
                "userId",
                "anonymousId",
                "Identity",
                "x",
                "nested",
                "null_trait",
            ]
        )
        traits[key] = _scalar(rng) if rng.random() < 0.7 else rng.choice(_NUMERIC_TEXT)
    if rng.random() < 0.3:
        traits["gender"] = rng.choice(["male", "Female", "M", "f", " m", "MALE ", "other", 1, None])
    if rng.random() < 0.3:
        traits["birthday"] = rng.choice(
            ["1000-01-01T00:00:00Z", "1582-10-04T12:00:00+01:00", "1990-05-17T08:30:00Z", "1990-05-17", 19900517]
        )
    roll = rng.random()
    if roll < 0.25:
        event["userId"] = rng.choice(_ODD_TEXT + (12345, None))
    elif roll < 0.35:
        event.pop("userId", None)
    if rng.random() < 0.2:
        event["traits"] = rng.choice([{}, None, "x", []])
    if rng.random() < 0.2:
        event["anonymousId"] = rng.choice(["", "  ", 7, None, "anon-event"])


def _h_track(event: dict[str, Any], rng: random.Random) -> None:
    event["type"] = "track"
    current = event.get("properties")
    props: dict[str, Any] = current if isinstance(current, dict) else {}
    event["properties"] = props
    if rng.random() < 0.5:
        event["event"] = "Order Completed"
        for key in rng.sample(["total", "revenue", "value", "orderId", "order_id"], k=rng.randint(1, 3)):
            props[key] = rng.choice(_NUMERIC_TEXT) if rng.random() < 0.6 else _scalar(rng)
        choice = rng.random()
        if choice < 0.3:
            props["products"] = rng.choice([5, "x", {"id": 1}, None, True])
        else:
            products = []
            for _ in range(rng.randint(0, 3)):
                if rng.random() < 0.2:
                    products.append(_scalar(rng))
                    continue
                product = {k: _scalar(rng) for k in rng.sample(["id", "product_id", "name", "sku"], k=2)}
                product["price"] = rng.choice(_NUMERIC_TEXT) if rng.random() < 0.5 else _scalar(rng)
                products.append(product)
            props["products"] = products
    else:
        event["event"] = rng.choice(_ODD_TEXT + (None, 5))
        props[rng.choice(["a", "b", "n"])] = _scalar(rng)
    if rng.random() < 0.1:
        event["properties"] = rng.choice([None, "x", []])


def _h_screen(event: dict[str, Any], rng: random.Random) -> None:
    event["type"] = "screen"
    event["name"] = rng.choice(_ODD_TEXT + (None, 5, "Home"))
    if rng.random() < 0.5:
        event["category"] = rng.choice(_ODD_TEXT + (None, "Cat"))


def _h_alias(event: dict[str, Any], rng: random.Random) -> None:
    event["type"] = "alias"
    event["userId"] = rng.choice(_ODD_TEXT + (None, 5, "new-id"))


def _h_group(event: dict[str, Any], rng: random.Random) -> None:
    event["type"] = "group"
    event["groupId"] = rng.choice(_ODD_TEXT + (None, 5, "g-1"))


_HOSTILE: tuple[tuple[Callable[[dict[str, Any], random.Random], None], int], ...] = (
    (_h_identify, 40),
    (_h_track, 35),
    (_h_screen, 10),
    (_h_alias, 8),
    (_h_group, 7),
)


def _is_call(event: Any) -> bool:
    return isinstance(event, dict) and event.get("type") in SEGMENT_CALLS


def mobile_cases(platform: str, seed: int, count: int, hostile: bool = False) -> list[MobileCase]:
    """`count` cases for `platform` ("android" or "ios"); the same (platform, seed, index) gives the same case."""
    cases: list[MobileCase] = []
    index = 0
    while len(cases) < count:
        rng = random.Random(f"clevertap-harness-mobile/{platform}/{seed}/{hostile}/{index}")
        generated = generate_event(seed, "segment", index)
        index += 1
        settings = _settings(rng, hostile)
        if not hostile:
            if not generated.valid or not _is_call(generated.event):
                continue
            cases.append(MobileCase(f"ordinary-{index - 1}", generated.event, settings))
            continue
        event = generated.event if _is_call(generated.event) else {"type": "track", "event": "x"}
        if generated.valid or rng.random() < 0.6:
            fns, weights = zip(*_HOSTILE, strict=True)
            rng.choices(fns, weights=weights)[0](event, rng)
        if _is_call(event):
            cases.append(MobileCase(f"hostile-{index - 1}", event, settings))
    return cases
