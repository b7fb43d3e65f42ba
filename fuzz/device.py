"""Seeded events for the device-mode differential runs (this project's transformer against the real SDK code).

Ordinary events are the fuzz generator's own Segment / RudderStack spec events (`fuzz.providers`), limited to JSON
objects (a device SDK is called with a message object). A share of them is then made *hostile* with mutations aimed
at what device integrations do with values: keys that name Object.prototype members or contain dots, integer-like
keys, `__proto__`, odd date spellings, wrong types in the special traits and Charged fields, nested arrays,
objects whose `toString` is not a function, unicode outside the BMP. Every event comes from its own seed, so event
*i* of a run is the same whatever the count.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from typing import Any

from .providers import event_seed, generate_event

Mutation = Callable[[dict[str, Any], random.Random], None]

HOSTILE_SHARE = 0.4

# Values that exercise JavaScript's and the native SDKs' type rules without going beyond what JSON round-trips
# exactly through every runner (integers stay within 2**53).
ODD_VALUES: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    -1,
    1.5,
    12345,
    "",
    " ",
    "0",
    "12.50",
    "true",
    "null",
    "x" * 40,
    "caf\u00e9 \U0001f600",
    [],
    [1, "a", None],
    [[1, 2], {"name": "n"}],
    {},
    {"a": 1},
    {"toString": 1},
    {"name": "inner", "email": "in@example.com"},
)
DATE_SPELLINGS: tuple[Any, ...] = (
    "1990-01-02",
    "1990-01-02T10:20:30Z",
    "1990-01-02T10:20:30.123Z",
    "1990-01-02T10:20:30+05:30",
    "1990/01/02",
    "01/02/1990",
    "Dec 25, 1995",
    "2020-02-30",
    "1990-13-01",
    "19900102",
    "not a date",
    "",
    0,
    631152000000,
    -1,
    True,
    None,
    {"$date": "x"},
    ["1990-01-02"],
)
PROTOTYPE_KEYS = ("toString", "constructor", "valueOf", "hasOwnProperty", "__proto__", "toLocaleString")
SPECIAL_TRAITS = (
    "name",
    "Name",
    "email",
    "Email",
    "E-mail",
    "phone",
    "Phone",
    "gender",
    "Gender",
    "birthday",
    "Birthday",
    "avatar",
    "firstName",
    "firstname",
    "first_name",
    "lastName",
    "lastname",
    "last_name",
    "employed",
    "education",
    "married",
    "customerType",
    "userId",
    "id",
    "Identity",
    "DOB",
    "address",
    "adderess",
    "company",
    "event",
)
GENDERS = ("male", "Male", "M", "m", "F", "female", "FEMALE", "f", "other", "", "MALE ", 1)


def _bag(event: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A key-value bag of the event to mutate: traits (top-level and context), properties."""
    bags: list[dict[str, Any]] = []
    for key in ("traits", "properties"):
        if isinstance(event.get(key), dict):
            bags.append(event[key])
    context = event.get("context")
    if isinstance(context, dict) and isinstance(context.get("traits"), dict):
        bags.append(context["traits"])
    if not bags:
        kind = event.get("type")
        key = "properties" if kind in ("track", "page", "screen") else "traits"
        event[key] = {}
        bags.append(event[key])
    return rng.choice(bags)


def _traits(event: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The traits a device integration reads: `traits` (Segment) or `context.traits` (RudderStack); both kept."""
    places = []
    if isinstance(event.get("traits"), dict):
        places.append(event["traits"])
    context = event.setdefault("context", {}) if isinstance(event.get("context", {}), dict) else None
    if context is not None:
        if not isinstance(context.get("traits"), dict):
            context["traits"] = {}
        places.append(context["traits"])
    return rng.choice(places) if places else {}


def m_prototype_key(event: dict[str, Any], rng: random.Random) -> None:
    _bag(event, rng)[rng.choice(PROTOTYPE_KEYS)] = rng.choice(ODD_VALUES)


def m_dotted_key(event: dict[str, Any], rng: random.Random) -> None:
    bag = _bag(event, rng)
    bag[rng.choice(("a.b", "address.city", "email.x", "0.1", ".", "x."))] = rng.choice(ODD_VALUES)


def m_integer_key(event: dict[str, Any], rng: random.Random) -> None:
    _bag(event, rng)[rng.choice(("0", "7", "10", "-1", "01"))] = rng.choice(ODD_VALUES)


def m_special_trait(event: dict[str, Any], rng: random.Random) -> None:
    traits = _traits(event, rng)
    key = rng.choice(SPECIAL_TRAITS)
    if key in ("gender", "Gender"):
        traits[key] = rng.choice(GENDERS + ODD_VALUES[:8])
    elif key in ("birthday", "Birthday", "DOB"):
        traits[key] = rng.choice(DATE_SPELLINGS)
    elif key in ("address", "adderess", "company"):
        traits[key] = rng.choice(
            ({"city": "Pune", "id": 7, "name": "Acme"}, {"street": {"line": 1}}, "Main St", [1], None, {})
        )
    else:
        traits[key] = rng.choice(ODD_VALUES)


def m_birthday(event: dict[str, Any], rng: random.Random) -> None:
    _traits(event, rng)[rng.choice(("birthday", "DOB"))] = rng.choice(DATE_SPELLINGS)


def m_charged_fields(event: dict[str, Any], rng: random.Random) -> None:
    event["type"] = "track"
    event["event"] = rng.choice(("Order Completed", "Order Completed", "order completed", "Order Completed "))
    props = event.get("properties")
    if not isinstance(props, dict):
        props = event["properties"] = {}
    field = rng.choice(("revenue", "total", "order_id", "checkout_id", "products", "value", "currency"))
    if field == "products":
        props[field] = rng.choice(
            (
                [],
                None,
                "p1",
                {"product_id": "p1"},
                [{"product_id": "p1", "price": 3}, "p2"],
                [{"product_id": 5, "id": "x", "name": "n", "price": "2.5", "quantity": 2}],
                [None],
                [{"product_id": "p", "nested": {"a": 1}}],
            )
        )
    else:
        props[field] = rng.choice(ODD_VALUES + ("1e3", "NaN", "Infinity", " 12 ", "0x10"))


def m_ids(event: dict[str, Any], rng: random.Random) -> None:
    for key in ("userId", "anonymousId"):
        if rng.random() < 0.5:
            choice = rng.choice((None, "", 0, 42, True, "u-\U0001f600", "MISSING"))
            if choice == "MISSING":
                event.pop(key, None)
            else:
                event[key] = choice


def m_names(event: dict[str, Any], rng: random.Random) -> None:
    key = "name" if event.get("type") in ("page", "screen") else "event"
    choice = rng.choice((None, "", 0, "Home", "A&B <x>", "MISSING", ["x"], {"a": 1}, "Screen \U0001f600"))
    if choice == "MISSING":
        event.pop(key, None)
    else:
        event[key] = choice
    if event.get("type") == "page" and isinstance(event.get("properties"), dict) and rng.random() < 0.5:
        event["properties"]["category"] = rng.choice(("Docs", "", None, 3))


def m_not_callable_to_string(event: dict[str, Any], rng: random.Random) -> None:
    _bag(event, rng)[rng.choice(("obj", "meta", "list"))] = rng.choice(
        ({"toString": "no"}, [{"toString": 1}], {"valueOf": 1}, {"toString": None, "valueOf": 2})
    )


def m_switch_off(event: dict[str, Any], rng: random.Random) -> None:
    event["integrations"] = rng.choice(({"CleverTap": False}, {"CleverTap": True}, {"All": False}, "x", None))


def m_wrong_container(event: dict[str, Any], rng: random.Random) -> None:
    key = rng.choice(("traits", "properties", "context"))
    event[key] = rng.choice(("abc", [1, {"name": "n"}], 5, None, True))


MUTATIONS: dict[str, Mutation] = {
    fn.__name__[2:]: fn
    for fn in (
        m_prototype_key,
        m_dotted_key,
        m_integer_key,
        m_special_trait,
        m_birthday,
        m_charged_fields,
        m_ids,
        m_names,
        m_not_callable_to_string,
        m_switch_off,
        m_wrong_container,
    )
}


def device_event(seed: int, family: str, index: int, hostile_share: float = HOSTILE_SHARE) -> tuple[dict, list[str]]:
    """Event `index` of the run (an object) and the names of the hostile mutations applied to it."""
    step = 0
    while True:  # skip the rare generated event that is not an object: device SDKs are called with messages
        generated = generate_event(seed, family, index * 7 + step)
        if isinstance(generated.event, dict):
            break
        step += 1
    event = copy.deepcopy(generated.event)
    rng = random.Random(event_seed(seed, f"device-{family}", index))
    names: list[str] = []
    if rng.random() < hostile_share:
        for name in rng.sample(sorted(MUTATIONS), k=rng.choice((1, 1, 2, 3))):
            MUTATIONS[name](event, rng)
            names.append(name)
    return event, names


def device_events(seed: int, family: str, count: int, hostile_share: float = HOSTILE_SHARE) -> list[dict[str, Any]]:
    return [device_event(seed, family, i, hostile_share)[0] for i in range(count)]
