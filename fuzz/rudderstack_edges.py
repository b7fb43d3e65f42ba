"""Seeded generators of RudderStack messages for differential runs against rudder-transformer.

Pure functions of (seed, index), so event *i* is the same whatever the count:

- `ordinary_event`: what a RudderStack SDK really sends to a CleverTap destination (identify with the special
  traits and custom ones, track / page / screen with properties, Order Completed with products, alias, objectId
  identifies carrying a device token);
- `hostile_event`: the same shapes with JavaScript's edges mixed in: integers above 2**53 at any depth, lone
  surrogates, keys that objects inherit (`toString`, `valueOf`, `hasOwnProperty`, `__defineGetter__`,
  `constructor`), dotted keys with `__proto__` / `constructor` / `prototype` segments or non-ASCII digits,
  integer-like keys, `overrideFields` of every type, dates V8 only reads with its legacy parser, an `event` that is
  an object owning `toString`, values of the wrong type in every position, and now and then an own `__proto__` key;
- `settings_for(seed, chunk)`: the destination settings of a chunk (objectId mapping and trackAnonymous on and off,
  regions).

The Segment generators' hostile vocabularies (`fuzz.segment_edges`) are reused. Used by
`fuzz.rudderstack_differential`; independent of the transformer (it only makes inputs).
"""

from __future__ import annotations

import random
from typing import Any

from .segment_edges import HOSTILE_KEYS as SEGMENT_HOSTILE_KEYS
from .segment_edges import HOSTILE_NUMBERS, HOSTILE_STRINGS

TYPES = ("identify", "track", "page", "screen", "alias")
TRACK_NAMES = ("Product Viewed", "Signed Up", "Button Clicked", "Order Completed", "order completed", "Charged")
FIRST = ("Ana", "Bo", "Chen", "Dara", "Émile", "Ivan", "Jun", "Lea")
LAST = ("Ng", "Okafor", "Schmidt", "Tanaka", "Dubois", "Silva")
ISO_OK = ("2026-01-02T03:04:05.678Z", "2026-01-02T03:04:05Z", "1990-03-01", "2020-02-29T12:00:00+05:30")
OS_NAMES = ("Android", "iOS", "watchOS", "iPadOS", "tvOS", "Mac OS", "Windows")
REGIONS = ("none", "in1", "sg1", "us1", "sk1", "aps3", "mec1", "", None)

# --- hostile vocabularies (beyond the Segment ones) ----------------------------------------------------------------
LEGACY_DATES: tuple[Any, ...] = (
    " 2026-01-02T03:04:05Z ",
    "2026-01-02T03:04:05 UTC",
    "585.08,,17",
    "1.5,2",
    "99 5",
    "Wed, 10 Mar 2021 11:59:22 GMT",
    "March 10, 2021 10:00 pm",
    "03/10/2021",
    "2021/03/10 11:59",
    "2026-01-02 03:04:05",
    "2026-01-02t03:04:05z",
    "2026-01-02T24:00:00Z",
    "2026-02-30T00:00:00Z",
    "+002026-01-02T00:00:00Z",
    "-000001-01-01T00:00:00Z",
    "12:30 pm 1/2/2020",
    "(note) 5 Jan 2020",
    "1615377562",
    "0",
    "notadate",
    "",
    [2020, 1],
    [1.5, 2],
    [],
    {},
    1615377562000,
    -1.5,
    1e21,
    True,
)
PROTOTYPE_KEYS = (
    "toString",
    "valueOf",
    "hasOwnProperty",
    "__defineGetter__",
    "__lookupSetter__",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toLocaleString",
    "constructor",
    "length",
)
PATH_KEYS = (
    "a.__proto__.x",
    "a.prototype",
    "a.constructor.b",
    "constructor.x",
    "prototype",
    "a.\u0662",
    "a.\uff13",
    "a.1",
    "a.1e3",
    "a.-1",
    "a. 5",
    "a.0x1",
    "a\\.b",
    "x\\",
    "a..b",
    "p/q.r",
    "toString.x",
    "0",
    "1",
    "10",
    "01",
    "4294967295",
    "b",
)
HOSTILE_KEYS = SEGMENT_HOSTILE_KEYS + PROTOTYPE_KEYS + PATH_KEYS
OVERRIDES: tuple[Any, ...] = (
    "ab",
    [1, {"x": 2}],
    {"Name": "Over", "nested": {"1": 12345678901234567890, "a": 1}},
    {"0": "zero", "b": None},
    {"identity": 9007199254740993},
    42,
    True,
    "",
    {"k": ["\ud83d"]},
)
EVENT_NAMES: tuple[Any, ...] = (
    {"toString": "x"},
    {"toString": 1, "a": 2},
    {},
    ["Order", "Completed"],
    ["order completed"],
    [{"toString": 1}],
    42,
    True,
    None,
    "",
    "ORDER COMPLETED",
    "Order Completed",
    "\ud83d",
)


def _rng(seed: int, family: str, index: int) -> random.Random:
    return random.Random(f"rudderstack:{seed}:{family}:{index}")


# --- ordinary ------------------------------------------------------------------------------------------------------


def _traits(r: random.Random) -> dict[str, Any]:
    first, last = r.choice(FIRST), r.choice(LAST)
    pool: dict[str, Any] = {
        "name": f"{first} {last}",
        "firstName": first,
        "lastName": last,
        "email": f"{first.lower()}.{last.lower()}@example.com",
        "phone": f"+1415555{r.randint(1000, 9999)}",
        "gender": r.choice(("male", "female", "M", "F", "other")),
        "birthday": r.choice(("1990-03-01", "1985-12-24T00:00:00.000Z")),
        "avatar": "https://example.com/a.png",
        "employed": r.choice((True, False)),
        "married": r.choice((True, False)),
        "education": r.choice(("School", "Graduate")),
        "customerType": r.choice(("Gold", "Silver")),
        "plan": r.choice(("free", "pro", "team")),
        "logins": r.randint(0, 500),
        "score": round(r.uniform(0, 100), 2),
        "tags": ["a", "b"],
        "address": {"city": "Paris", "country": "FR"},
        "createdAt": r.choice(ISO_OK),
        "ts": r.choice(ISO_OK + (1615377562, "1615377562")),
        "category-unsubscribe": {"email": ["Newsletters"]},
        "MSG-push": r.choice((True, False)),
    }
    keys = r.sample(sorted(pool), r.randint(0, len(pool)))
    return {k: pool[k] for k in keys}


def _products(r: random.Random) -> list[dict[str, Any]]:
    return [
        {
            "product_id": f"p{r.randint(1, 99)}",
            "sku": f"SKU-{r.randint(100, 999)}",
            "name": r.choice(("Shoe", "Hat", "Book")),
            "price": round(r.uniform(1, 99), 2),
            "quantity": r.randint(1, 3),
        }
        for _ in range(r.randint(1, 3))
    ]


def _properties(r: random.Random, name: str) -> dict[str, Any]:
    if name.lower() == "order completed":
        props: dict[str, Any] = {
            "checkout_id": f"c-{r.randint(1, 10**6)}",
            "order_id": f"o-{r.randint(1, 10**6)}",
            "revenue": round(r.uniform(1, 500), 2),
            "currency": "USD",
            "products": _products(r),
        }
        if r.random() < 0.3:
            props["ts"] = r.choice(ISO_OK)
        return props
    pool: dict[str, Any] = {
        "category": r.choice(("shoes", "hats")),
        "price": round(r.uniform(1, 99), 2),
        "count": r.randint(0, 10),
        "ok": r.choice((True, False)),
        "list": [1, 2],
        "nested": {"a": 1},
        "at": r.choice(ISO_OK),
        "ts": r.choice(ISO_OK + (1615377562,)),
        "name": r.choice(("Home", "Pricing")),
    }
    keys = r.sample(sorted(pool), r.randint(0, len(pool)))
    return {k: pool[k] for k in keys}


def _context(r: random.Random, mobile: bool) -> dict[str, Any]:
    ctx: dict[str, Any] = {
        "library": {"name": "RudderLabs JavaScript SDK", "version": "3.0.0"},
        "locale": "en-US",
        "page": {"path": "/p", "url": "https://example.com/p", "title": "P"},
    }
    if mobile:
        ctx["os"] = {"name": r.choice(OS_NAMES), "version": "14"}
        ctx["device"] = {"id": f"dev-{r.randint(1, 10**6)}", "token": f"tok-{r.randint(1, 10**9)}"}
    if r.random() < 0.2:
        ctx["traits"] = _traits(r)
    return ctx


def ordinary_event(seed: int, index: int) -> dict[str, Any]:
    """One realistic RudderStack message for the CleverTap destination."""
    r = _rng(seed, "ordinary", index)
    kind = r.choices(TYPES, weights=(5, 6, 2, 1, 1))[0]
    event: dict[str, Any] = {
        "type": kind,
        "messageId": f"m-{seed}-{index}",
        "originalTimestamp": r.choice(ISO_OK),
        "context": _context(r, r.random() < 0.35),
    }
    if r.random() < 0.85:
        event["userId"] = r.choice((f"u-{r.randint(1, 9999)}", f"user{r.randint(1, 99)}@example.com"))
    if r.random() < 0.8 or "userId" not in event:
        event["anonymousId"] = f"anon-{r.randint(1, 10**8)}"
    if kind == "identify":
        event["traits"] = _traits(r)
        if r.random() < 0.1:
            event["traits"]["overrideFields"] = {"Customer Type": "VIP", "Name": "Override"}
        if r.random() < 0.1:
            event["integrations"] = {"CleverTap": {"deviceTokenType": r.choice(("fcm", "apns", "chrome", "x"))}}
    elif kind == "track":
        name = r.choice(TRACK_NAMES)
        event["event"] = name
        event["properties"] = _properties(r, name)
    elif kind in ("page", "screen"):
        event["name"] = r.choice(("Home", "Pricing", "Checkout", ""))
        event["properties"] = _properties(r, "x")
    else:
        event["previousId"] = f"old-{r.randint(1, 99)}"
        if r.random() < 0.3:
            event["traits"] = {"ts": r.choice(ISO_OK)}
    return event


# --- hostile -------------------------------------------------------------------------------------------------------


def _scalar(r: random.Random) -> Any:
    pick = r.random()
    if pick < 0.35:
        return r.choice(HOSTILE_STRINGS)
    if pick < 0.7:
        return r.choice(HOSTILE_NUMBERS)
    if pick < 0.8:
        return r.choice((True, False, None))
    return r.choice(LEGACY_DATES[:20])


def _value(r: random.Random, depth: int = 0) -> Any:
    pick = r.random()
    if depth >= 2 or pick < 0.65:
        return _scalar(r)
    if pick < 0.8:
        return [_value(r, depth + 1) for _ in range(r.randint(0, 3))]
    return _object(r, depth + 1)


def _key(r: random.Random, proto: bool) -> str:
    key = r.choice(HOSTILE_KEYS) if r.random() < 0.6 else r.choice(("plan", "score", "city", "x1", "count"))
    if key == "__proto__" and not proto:
        return "__proto__x"
    return key


def _object(r: random.Random, depth: int = 0, proto: bool = False) -> dict[str, Any]:
    return {_key(r, proto): _value(r, depth) for _ in range(r.randint(0, 6))}


def _container(r: random.Random, base: dict[str, Any], proto: bool) -> Any:
    """traits / properties: mostly an object (ordinary keys mixed with hostile ones), sometimes the wrong type."""
    if r.random() < 0.8:
        base.update(_object(r, proto=proto))
        return base
    return r.choice(([{"a": 1}], [1, 2], [], "a string", "", 42, None, True, {"length": 2, "a": 1}))


_ID_VALUES: tuple[Any, ...] = (
    "u-1",
    "",
    9007199254740993,
    12345678901234567890,
    10**30,
    1e-7,
    0,
    12.5,
    True,
    False,
    None,
    [{}],
    ["a"],
    [],
    {},
    {"toString": "x"},
    "\ud83d",
)


def hostile_event(seed: int, index: int) -> dict[str, Any]:
    """One RudderStack message with JavaScript's edges in every position (about 3% own a `__proto__` key)."""
    r = _rng(seed, "hostile", index)
    event = ordinary_event(seed, index + 1_000_000)
    proto = r.random() < 0.03
    if r.random() < 0.05:
        event["type"] = r.choice(("IDENTIFY", "Track", "group", "", None, 7, ["track"], {"toLowerCase": 1}))
    for name in ("userId", "anonymousId", "previousId"):
        if r.random() < 0.25:
            event[name] = r.choice(_ID_VALUES)
    if r.random() < 0.5:
        event["traits"] = _container(r, dict(event.get("traits") or {}), proto)
    if r.random() < 0.25:
        ctx = event.setdefault("context", {})
        ctx["traits"] = _container(r, {}, proto)
    if r.random() < 0.5:
        event["properties"] = _container(r, dict(event.get("properties") or {}), proto)
    if r.random() < 0.15 and isinstance(event.get("traits"), dict):
        event["traits"]["overrideFields"] = r.choice(OVERRIDES)
    if r.random() < 0.2:
        where = r.choice(("traits", "properties"))
        owner = event.get(where)
        if isinstance(owner, dict):
            owner["ts"] = r.choice(LEGACY_DATES)
    if r.random() < 0.15 and event["type"] in ("track", "page", "screen"):
        event["event"] = r.choice(EVENT_NAMES)
    if r.random() < 0.08:
        props = event.setdefault("properties", {})
        if isinstance(props, dict):
            event["event"] = "Order Completed"
            props["products"] = r.choice(([{"a": {"b": 1}}], [None], "p", [[1]], [{"price": 12345678901234567890}]))
    if r.random() < 0.1:
        ctx = event.setdefault("context", {})
        ctx["os"] = {"name": r.choice(("android", "IOS", 7, ["ios"], {"toString": 1}, ""))}
        ctx["device"] = {"token": r.choice(("tok", 12345678901234567890, "", ["t"]))}
        event["integrations"] = {"CleverTap": {"chromeKeys": _object(r), "deviceTokenType": r.choice(("chrome", 5))}}
    if proto:
        event.setdefault("context", {})["__proto__"] = r.choice(({"polluted": True}, None, 1))
    return event


def events(seed: int, ordinary: int, hostile: int) -> list[tuple[str, dict[str, Any]]]:
    """(family, event) pairs: `ordinary` realistic ones, then `hostile` ones."""
    out = [("ordinary", ordinary_event(seed, i)) for i in range(ordinary)]
    out += [("hostile", hostile_event(seed, i)) for i in range(hostile)]
    return out


def settings_for(seed: int, chunk: int) -> dict[str, Any]:
    """Destination settings for one chunk of events: both id mappings, both anonymous rules, every region."""
    r = _rng(seed, "settings", chunk)
    settings: dict[str, Any] = {
        "accountId": f"ACC-{r.randint(100, 999)}",
        "passcode": f"PASS-{r.randint(100, 999)}",
        "trackAnonymous": r.random() < 0.5,
        "enableObjectIdMapping": r.random() < 0.4,
    }
    region = r.choice(REGIONS)
    if region is not None:
        settings["region"] = region
    return settings
