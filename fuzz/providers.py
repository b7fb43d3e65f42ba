"""Faker providers for realistic Segment and RudderStack spec events, and the seeded event generator.

Every event is built from its own seed, derived from (run seed, event family, index): a Faker instance is
re-seeded with `seed_instance` and a `random.Random` is created from the same seed, so event *i* of a run is the
same whatever `--count` is and whichever target asks for it, and a run is reproducible byte for byte (for this
Faker version; Faker promises identical output only for the same version and seed).

Each generated event is tagged `valid` (a well-formed spec event with values CleverTap accepts, so every record a
flavour builds from it must be accepted by the mock unless a documented rule says otherwise) or not (one or more
named mutations were applied: wrong types, missing ids, huge or empty values, odd structures).
"""

from __future__ import annotations

import copy
import random
import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from faker import Faker
from faker.providers import BaseProvider

FAMILIES = ("segment", "rudderstack")

# Locales mixed into the run: names, addresses and cities come out in their own scripts.
LOCALES = ("en_US", "de_DE", "fr_FR", "ja_JP", "ru_RU", "pt_BR", "hi_IN", "ar_AA")
_LOCALE_WEIGHTS = (8, 2, 2, 1, 1, 1, 1, 1)

# --- vocabularies ---------------------------------------------------------------------------------------------
TRACK_EVENTS = (
    "Product Viewed",
    "Product Added",
    "Product Removed",
    "Cart Viewed",
    "Checkout Started",
    "Signed Up",
    "Signed In",
    "Video Playback Started",
    "Button Clicked",
    "Coupon Applied",
    "Products Searched",
    "Subscription Renewed",
    "Trial Started",
    "Form Submitted",
    "Song Played",
    "Level Completed",
    "Promotion Clicked",
    "Wishlist Product Added",
    "Review Submitted",
    "Payment Info Entered",
)
# Names every flavour must treat as "Order Completed" somewhere (exact, case variants, web regex variants).
ORDER_COMPLETED_NAMES = ("Order Completed",) * 8 + (
    "order completed",
    "ORDER COMPLETED",
    "Completed Order",
    "order_completed",
)
PAGE_NAMES = ("Home", "Pricing", "Docs", "Checkout", "Product", "Search Results", "Blog", 'A&B <Sale> "now"')
PAGE_CATEGORIES = ("Marketing", "Shop", "Docs", "Account")
SCREEN_NAMES = ("Home", "Settings", "Product Detail", "Cart", "Onboarding Step 2", "Profile")

# Odd keys for the casing rules (docs/segment-cloud.md#key-casing): camelCase, acronyms, digits, separators, spaces,
# unicode. None of them snake_cases to a special trait name, so they stay custom keys in every flavour.
ODD_KEYS = (
    "firstVisitDate",
    "numberOfItems",
    "userID",
    "isVIP",
    "HTTPServer",
    "iPhone Model",
    "address2",
    "order2Id",
    "abc123Def",
    "123abc",
    "user.lastLogin",
    "camelCase_with_underscore",
    "Industry Of Traits",
    "  padded  key ",
    "first-visit",
    "Plan:Type",
    "$set",
    "__private",
    "revenue$",
    "a__b",
    "déjà vu",
    "Größe",
    "名前",
    "loyalty.tier.level",
    "plan name",
    "utm_source",
    "MSG-push",
    "UPPER",
    "x",
    "emoji 🎉 key",
    "tab\tkey",
    "Kelvin\u212aKey",
    "İstanbul",
    "snake_case_already",
    "trailing_",
)
# Keys that also exercise prototype handling and path syntax (only in broken events).
HOSTILE_KEYS = (
    "E-mail",
    "Order ID",
    "FIRST_NAME",
    "__proto__",
    "constructor",
    "prototype",
    "toString",
    "hasOwnProperty",
    "",
    " ",
    ".",
    "a..b",
    "a[0]",
    "$",
    "é" * 200,
    "k" * 130,
)

UNICODE_VALUES = (
    "Zoë Saldaña",
    "München",
    "東京都",
    "Привет мир",
    "مرحبا",
    "नमस्ते",
    "🎉🔥✨",
    "e\u0301",
    "zero\u200bwidth",
    "line\nbreak",
    "tab\tchar",
    'quote"and\\backslash',
    "<script>alert(1)</script>",
    "&amp;",
    "  padded  ",
)

# Keys that some flavour reads (special traits, identifiers, Charged fields), compared the way the loosest
# lookup does (obj-case: lower-cased, non-alphanumerics dropped). Custom keys of valid events avoid them.
RESERVED_NORMALISED = frozenset(
    (
        "name",
        "email",
        "phone",
        "phones",
        "gender",
        "birthday",
        "avatar",
        "photourl",
        "avatarurl",
        "employed",
        "married",
        "education",
        "customertype",
        "id",
        "userid",
        "anonymousid",
        "previousid",
        "ts",
        "firstname",
        "lastname",
        "overridefields",
        "age",
        "identity",
        "orderid",
        "checkoutid",
        "total",
        "revenue",
        "products",
        "value",
        "dob",
        "photo",
        "amount",
        "chargedid",
        "items",
        "event",
        "properties",
        "traits",
        "categoryunsubscribe",
        "categoryresubscribe",
    )
)


def _normalise(key: str) -> str:
    return re.sub(r"[^a-z0-9]", "", key.lower())


# Fixed ranges: Faker's relative dates ("-2y", date_of_birth) depend on today, which would break reproducibility.
_BIRTH_FROM, _BIRTH_TO = date(1936, 1, 1), date(2009, 12, 31)
_TS_FROM, _TS_TO = datetime(2024, 1, 1, tzinfo=UTC), datetime(2026, 6, 30, tzinfo=UTC)

GENDERS_VALID = ("male", "female", "M", "F", "m", "f", "Male", "Female")  # in every flavour's table
GENDERS_ODD = ("other", "Other", "Fem", "unknown", "O", "MALE ", "x", "")
TOKEN_TYPES = ("fcm", "gcm", "apns", "chrome", "wns", "mpns")
MOBILE_OS = (("Android", "android"), ("iOS", "ios"), ("iPadOS", "ios"), ("watchOS", "ios"), ("tvOS", "ios"))


class CleverTapSpecProvider(BaseProvider):
    """Values a CDP event carries: ids, phones, tokens, odd keys, unicode, huge and empty values, wrong types."""

    def ct_user_id(self) -> str:
        style = self.random_int(0, 4)
        gen = self.generator
        if style == 0:
            return gen.uuid4()
        if style == 1:
            return gen.user_name() + str(self.random_int(1, 999))
        if style == 2:
            return str(self.random_int(10_000, 99_999_999))
        if style == 3:
            return gen.email()
        return "usr_" + self.lexify("????????", letters=string.ascii_letters + string.digits)

    def ct_anonymous_id(self) -> str:
        return self.generator.uuid4()

    def ct_phone(self) -> str:
        """An E.164 number, which is what CleverTap's upload API accepts."""
        return "+" + str(self.random_int(1, 9)) + self.numerify("#" * self.random_int(8, 12))

    def ct_gender(self) -> str:
        return self.random_element(GENDERS_VALID)

    def ct_birthday(self) -> str:
        d = self.generator.date_between(start_date=_BIRTH_FROM, end_date=_BIRTH_TO)
        if self.random_int(0, 2) == 0:
            return d.isoformat()
        return d.isoformat() + "T00:00:00.000Z"

    def ct_iso_timestamp(self) -> str:
        dt = self.generator.date_time_between(start_date=_TS_FROM, end_date=_TS_TO, tzinfo=UTC)
        return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{self.random_int(0, 999):03d}Z"

    def ct_epoch_seconds(self) -> int:
        return self.random_int(1_500_000_000, 1_800_000_000)

    def ct_device_token(self, os_kind: str) -> str:
        if os_kind == "android":
            return (
                self.lexify("?" * 11, letters=string.ascii_letters)
                + ":APA91b"
                + self.lexify("?" * 60, letters=string.ascii_letters + string.digits + "-_")
            )
        return self.hexify("^" * 64)

    def ct_odd_key(self) -> str:
        """A custom key that no flavour reads as one of its own (special traits, ids, Charged fields)."""
        key = self._odd_key()
        while any(_normalise(part) in RESERVED_NORMALISED for part in (key, *key.split("."))) or len(key) > 100:
            key = "x " + key[:90]
        return key

    def _odd_key(self) -> str:
        if self.random_int(0, 2):
            return self.random_element(ODD_KEYS)
        words = self.generator.words(self.random_int(1, 3))
        style = self.random_int(0, 4)
        if style == 0:
            return words[0] + "".join(w.capitalize() for w in words[1:])
        if style == 1:
            return " ".join(w.capitalize() for w in words)
        if style == 2:
            return "_".join(words) + str(self.random_int(0, 99))
        if style == 3:
            return "-".join(w.upper() for w in words)
        return ".".join(words)

    def ct_unicode_text(self) -> str:
        if self.random_int(0, 1):
            return self.random_element(UNICODE_VALUES)
        return self.generator.name()

    def ct_scalar(self) -> Any:
        kind = self.random_int(0, 6)
        gen = self.generator
        if kind == 0:
            return self.random_int(-1000, 100_000)
        if kind == 1:
            return round(self.random_int(0, 10_000_00) / 100, 2)
        if kind == 2:
            return bool(self.random_int(0, 1))
        if kind == 3:
            return gen.word()
        if kind == 4:
            return self.ct_unicode_text()
        if kind == 5:
            return gen.sentence(nb_words=self.random_int(1, 8))
        return ""

    def ct_huge_text(self) -> str:
        return self.random_element(("x", "é", "🎉", "ab")) * self.random_int(600, 12_000)

    def ct_wrong_type(self) -> Any:
        return self.random_element(
            (
                None,
                0,
                -1,
                1.5,
                2**64,
                -(2**63),
                1e308,
                True,
                False,
                "",
                " ",
                [],
                {},
                [1, 2],
                {"a": {"b": [None]}},
                "null",
                "undefined",
                "NaN",
                [[[]]],
                {"": ""},
            )
        )


def _fakers() -> dict[str, Faker]:
    out = {}
    for locale in LOCALES:
        fake = Faker(locale)
        fake.add_provider(CleverTapSpecProvider)
        out[locale] = fake
    return out


_FAKERS: dict[str, Faker] | None = None


def fakers() -> dict[str, Faker]:
    global _FAKERS
    if _FAKERS is None:
        _FAKERS = _fakers()
    return _FAKERS


@dataclass
class GeneratedEvent:
    index: int
    event: Any
    valid: bool
    kind: str
    mutations: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "valid": self.valid,
            "kind": self.kind,
            "mutations": self.mutations,
            "event": self.event,
        }


KINDS = (
    ("identify", 24),
    ("track", 26),
    ("order_completed", 16),
    ("page", 10),
    ("screen", 10),
    ("alias", 6),
    ("group", 3),
    ("delete_user", 3),
    ("identify_with_token", 2),
)


class _Builder:
    """Builds one event of a family from a seeded Faker and a seeded Random."""

    def __init__(self, family: str, fake: Faker, rng: random.Random) -> None:
        self.family = family
        self.fake = fake
        self.rng = rng
        self.rudder = family == "rudderstack"

    # --- common fields ----------------------------------------------------------------------------------------
    def ids(self) -> dict[str, Any]:
        r = self.rng.random()
        out: dict[str, Any] = {}
        if r < 0.65:
            out["userId"] = self.fake.ct_user_id()
            out["anonymousId"] = self.fake.ct_anonymous_id()
        elif r < 0.8:
            out["userId"] = self.fake.ct_user_id()
        else:
            out["anonymousId"] = self.fake.ct_anonymous_id()
        return out

    def context(self, mobile: str | None = None, token: bool = False) -> dict[str, Any]:
        fake, rng = self.fake, self.rng
        ctx: dict[str, Any] = {
            "ip": fake.ipv4_public(),
            "locale": fake.locale().replace("_", "-"),
            "timezone": fake.timezone(),
            "library": {
                "name": "analytics.js" if not mobile else f"analytics-{mobile}",
                "version": f"{rng.randint(1, 5)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}",
            },
        }
        if self.rudder:
            ctx["library"]["name"] = "RudderLabs JavaScript SDK" if not mobile else f"com.rudderstack.{mobile}.sdk"
        if mobile:
            os_name, os_kind = (
                ("Android", "android") if mobile == "android" else rng.choice([m for m in MOBILE_OS if m[1] == "ios"])
            )
            ctx["os"] = {"name": os_name, "version": f"{rng.randint(8, 17)}.{rng.randint(0, 4)}"}
            ctx["device"] = {
                "id": fake.uuid4(),
                "manufacturer": "Google" if os_kind == "android" else "Apple",
                "model": fake.bothify("??-####"),
                "type": os_kind,
            }
            ctx["app"] = {
                "name": fake.company(),
                "version": f"{rng.randint(1, 9)}.{rng.randint(0, 9)}",
                "build": str(rng.randint(1, 999)),
                "namespace": fake.domain_name(),
            }
            ctx["screen"] = {"width": rng.choice([1080, 1170, 1284]), "height": rng.choice([1920, 2532, 2778])}
            if token:
                ctx["device"]["token"] = fake.ct_device_token(os_kind)
        else:
            ctx["userAgent"] = fake.user_agent()
            url = fake.url()
            ctx["page"] = {
                "url": url,
                "path": "/" + fake.uri_path(),
                "title": fake.sentence(nb_words=3),
                "referrer": fake.url(),
            }
        if rng.random() < 0.2:
            ctx["campaign"] = {
                "name": fake.word(),
                "source": rng.choice(["google", "newsletter"]),
                "medium": rng.choice(["cpc", "email"]),
            }
        return ctx

    def envelope(self, kind: str, mobile: str | None = None, token: bool = False) -> dict[str, Any]:
        fake, rng = self.fake, self.rng
        event: dict[str, Any] = {"type": kind}
        event.update(self.ids())
        event["context"] = self.context(mobile, token)
        event["messageId"] = fake.uuid4()
        if rng.random() < 0.9:
            event["timestamp"] = fake.ct_iso_timestamp()
        if self.rudder:
            event["originalTimestamp"] = fake.ct_iso_timestamp()
            event["sentAt"] = fake.ct_iso_timestamp()
            event["channel"] = "mobile" if mobile else "web"
            event["rudderId"] = fake.uuid4()
            event["integrations"] = {"All": True}
        else:
            event["integrations"] = {}
            if rng.random() < 0.5:
                event["receivedAt"] = fake.ct_iso_timestamp()
                event["sentAt"] = fake.ct_iso_timestamp()
        return event

    def custom_values(self, n: int, nested: bool) -> dict[str, Any]:
        fake, rng = self.fake, self.rng
        out: dict[str, Any] = {}
        for _ in range(n):
            key = fake.ct_odd_key()
            r = rng.random()
            if nested and r < 0.1:
                out[key] = {"city": fake.city(), "zip": fake.postcode()}
            elif nested and r < 0.18:
                out[key] = [fake.word() for _ in range(rng.randint(0, 3))]
            else:
                out[key] = fake.ct_scalar()
        return out

    # --- kinds ------------------------------------------------------------------------------------------------
    def traits(self) -> dict[str, Any]:
        fake, rng = self.fake, self.rng
        t: dict[str, Any] = {}
        if rng.random() < 0.8:
            t["email"] = fake.email()
        if rng.random() < 0.6:
            t["name"] = fake.name()
        elif rng.random() < 0.5:
            t["firstName"] = fake.first_name()
            t["lastName"] = fake.last_name()
        if rng.random() < 0.5:
            t["phone"] = fake.ct_phone()
        if rng.random() < 0.5:
            t["gender"] = fake.ct_gender()
        if rng.random() < 0.4:
            t["birthday"] = fake.ct_birthday()
        if rng.random() < 0.3:
            t["avatar"] = fake.image_url()
        if rng.random() < 0.3:
            t["address"] = {"street": fake.street_address(), "city": fake.city(), "country": fake.country_code()}
        if rng.random() < 0.2:
            t["createdAt"] = fake.ct_iso_timestamp()
        if rng.random() < 0.2:
            t["plan"] = rng.choice(["free", "pro", "enterprise"])
        if self.rudder:
            if rng.random() < 0.2:
                t["employed"] = rng.choice(["Y", "N"])
            if rng.random() < 0.2:
                t["married"] = rng.choice(["Y", "N"])
            if rng.random() < 0.2:
                t["education"] = rng.choice(["School", "College", "Graduate"])
            if rng.random() < 0.2:
                t["customerType"] = rng.choice(["gold", "silver"])
            if rng.random() < 0.15:
                t["ts"] = rng.choice([fake.ct_iso_timestamp(), fake.ct_epoch_seconds()])
            if rng.random() < 0.1:
                t["category-unsubscribe"] = {"email": ["Newsletters"]}
        elif rng.random() < 0.2:
            # Segment cloud snake_cases keys before looking for special traits: case variants still land on
            # their CleverTap keys (docs/segment-cloud.md#identify).
            if "email" in t:
                t[rng.choice(["Email", "EMAIL", " email "])] = t.pop("email")
            if "phone" in t:
                t[rng.choice(["Phone", "PHONE"])] = t.pop("phone")
        if rng.random() < 0.25:
            t["MSG-email"] = rng.choice([True, False])
        t.update(self.custom_values(rng.randint(0, 6), nested=True))
        return t

    def identify(self, token: bool = False) -> dict[str, Any]:
        rng = self.rng
        mobile = rng.choice(["android", "ios"]) if (token or rng.random() < 0.3) else None
        event = self.envelope("identify", mobile, token)
        traits = self.traits()
        if self.rudder and rng.random() < 0.5:
            # RudderStack's mobile SDKs carry identify traits in context.traits (and sometimes both).
            if rng.random() < 0.6:
                event["context"]["traits"] = traits
            else:
                keys = list(traits)
                cut = rng.randint(0, len(keys))
                event["traits"] = {k: traits[k] for k in keys[:cut]}
                event["context"]["traits"] = {k: traits[k] for k in keys[cut:]}
        else:
            event["traits"] = traits
        if self.rudder and mobile and token and rng.random() < 0.5:
            token_type = rng.choice(TOKEN_TYPES)
            options: dict[str, Any] = {"deviceTokenType": token_type}
            if token_type == "chrome":
                options["chromeKeys"] = {"p256dh": self.fake.sha256(), "auth": self.fake.md5()}
            event["integrations"][rng.choice(["CleverTap", "clevertap", "Clevertap", "CLEVERTAP"])] = options
        if not self.rudder and rng.random() < 0.1:
            event["properties"] = self.custom_values(rng.randint(1, 4), nested=False)
        return event

    def properties(self) -> dict[str, Any]:
        fake, rng = self.fake, self.rng
        p: dict[str, Any] = {}
        if rng.random() < 0.5:
            p["product_id"] = fake.ean13()
            p["price"] = round(rng.uniform(1, 500), 2)
            p["currency"] = fake.currency_code()
        if rng.random() < 0.3:
            p["category"] = fake.word()
        if self.rudder and rng.random() < 0.15:
            p["ts"] = rng.choice([fake.ct_iso_timestamp(), fake.ct_epoch_seconds()])
        p.update(self.custom_values(rng.randint(0, 8), nested=True))
        return p

    def track(self) -> dict[str, Any]:
        rng = self.rng
        event = self.envelope("track", rng.choice([None, None, "android", "ios"]))
        event["event"] = rng.choice(TRACK_EVENTS)
        if rng.random() < 0.9:
            event["properties"] = self.properties()
        if self.rudder and rng.random() < 0.2:
            event["context"]["traits"] = {"email": self.fake.email()}
        return event

    def product(self, position: int) -> dict[str, Any]:
        fake, rng = self.fake, self.rng
        p: dict[str, Any] = {
            "product_id": fake.hexify("^" * 24),
            "sku": fake.bothify("#####-##"),
            "name": fake.catch_phrase(),
            "price": round(rng.uniform(0.5, 300), 2),
            "quantity": rng.randint(1, 5),
            "category": fake.word(),
        }
        if rng.random() < 0.5:
            p["brand"] = fake.company()
        if rng.random() < 0.3:
            p["url"] = fake.url()
            p["image_url"] = fake.image_url()
        if rng.random() < 0.2:
            p["position"] = position
        return p

    def order_completed(self) -> dict[str, Any]:
        fake, rng = self.fake, self.rng
        event = self.envelope("track", rng.choice([None, "android", "ios"]))
        # RudderStack matches the name case-insensitively only (docs/rudderstack-cloud.md#order-completed--charged);
        # the web regex variants would be plain tracks there, whose stringified products can pass CleverTap's 512-byte
        # value limit.
        names = ORDER_COMPLETED_NAMES[:10] if self.rudder else ORDER_COMPLETED_NAMES
        event["event"] = rng.choice(names)
        subtotal = round(rng.uniform(5, 900), 2)
        props: dict[str, Any] = {
            "checkout_id": fake.hexify("^" * 20),
            "order_id": fake.hexify("^" * 24),
            "affiliation": fake.company(),
            "subtotal": subtotal,
            "total": round(subtotal * 1.1, 2),
            "revenue": subtotal,
            "shipping": round(rng.uniform(0, 20), 2),
            "tax": round(subtotal * 0.08, 2),
            "discount": round(rng.uniform(0, 5), 2),
            "coupon": fake.lexify("??????"),
            "currency": fake.currency_code(),
            "products": [self.product(i + 1) for i in range(rng.randint(1, 5))],
        }
        for key in ("checkout_id", "total", "revenue", "coupon", "affiliation", "products"):
            if rng.random() < 0.1:
                del props[key]
        if rng.random() < 0.2:
            props["orderId"] = props.pop("order_id")  # spec v1 naming (Android reads it)
        if self.rudder and rng.random() < 0.3:
            props["ts"] = fake.ct_iso_timestamp()
        event["properties"] = props
        return event

    def page(self) -> dict[str, Any]:
        fake, rng = self.fake, self.rng
        event = self.envelope("page")
        props = {
            "title": fake.sentence(nb_words=3),
            "url": fake.url(),
            "path": "/" + fake.uri_path(),
            "referrer": fake.url(),
        }
        if rng.random() < 0.7:
            name = rng.choice(PAGE_NAMES)
            event["name"] = name
            if rng.random() < 0.5:
                props["name"] = name
        if rng.random() < 0.4:
            event["category"] = rng.choice(PAGE_CATEGORIES)
        event["properties"] = props
        return event

    def screen(self) -> dict[str, Any]:
        rng = self.rng
        event = self.envelope("screen", rng.choice(["android", "ios"]))
        props: dict[str, Any] = {}
        if rng.random() < 0.85:
            name = rng.choice(SCREEN_NAMES)
            event["name"] = name
            props["name"] = name
        props.update(self.custom_values(rng.randint(0, 3), nested=False))
        event["properties"] = props
        return event

    def alias(self) -> dict[str, Any]:
        event = self.envelope("alias")
        event["userId"] = self.fake.ct_user_id()
        event["previousId"] = self.fake.ct_user_id()
        if self.rudder and self.rng.random() < 0.3:
            event["context"]["traits"] = {"ts": self.fake.ct_epoch_seconds()}
        return event

    def group(self) -> dict[str, Any]:
        event = self.envelope("group")
        event["groupId"] = self.fake.uuid4()
        event["traits"] = {"name": self.fake.company(), "industry": self.fake.bs()}
        return event

    def delete_user(self) -> dict[str, Any]:
        event = self.envelope("track")
        event["userId"] = self.fake.ct_user_id()
        event["event"] = "Delete User"
        event["properties"] = {}
        return event

    def build(self, kind: str) -> dict[str, Any]:
        if kind == "identify_with_token":
            return self.identify(token=True)
        if kind == "identify":
            return self.identify(token=self.rng.random() < 0.25)
        return getattr(self, kind)()


# --- mutations: each takes (event, faker, rng) and breaks the event in one named way ---------------------------
Mutation = Callable[[dict[str, Any], Faker, random.Random], None]


def _pick_container(event: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    candidates = [event]
    for key in ("traits", "properties", "context"):
        if isinstance(event.get(key), dict):
            candidates.append(event[key])
    ctx = event.get("context")
    if isinstance(ctx, dict) and isinstance(ctx.get("traits"), dict):
        candidates.append(ctx["traits"])
    return rng.choice(candidates)


def m_no_ids(event, fake, rng):
    for key in ("userId", "anonymousId", "previousId"):
        event.pop(key, None)
    if isinstance(event.get("traits"), dict):
        event["traits"].pop("userId", None)
        event["traits"].pop("id", None)


def m_empty_ids(event, fake, rng):
    event["userId"] = rng.choice(["", " ", None])
    event["anonymousId"] = rng.choice(["", None, "a" * 200])


def m_wrong_type_ids(event, fake, rng):
    event[rng.choice(["userId", "anonymousId", "previousId"])] = fake.ct_wrong_type()


def m_wrong_type_field(event, fake, rng):
    key = rng.choice(["traits", "properties", "context", "event", "name", "integrations", "timestamp", "type"])
    event[key] = fake.ct_wrong_type()


def m_wrong_type_value(event, fake, rng):
    container = _pick_container(event, rng)
    keys = list(container) or ["x"]
    container[rng.choice(keys)] = fake.ct_wrong_type()


def m_wrong_type_special(event, fake, rng):
    target = event.setdefault("traits", {}) if not isinstance(event.get("traits"), dict) else event["traits"]
    if not isinstance(target, dict):
        return
    key = rng.choice(
        [
            "email",
            "phone",
            "gender",
            "birthday",
            "name",
            "avatar",
            "firstName",
            "lastName",
            "employed",
            "married",
            "education",
            "customerType",
            "ts",
            "overrideFields",
        ]
    )
    target[key] = fake.ct_wrong_type()


def m_odd_gender(event, fake, rng):
    target = event.get("traits")
    if not isinstance(target, dict):
        target = event["traits"] = {}
    target["gender"] = rng.choice(GENDERS_ODD)


def m_unknown_type(event, fake, rng):
    event["type"] = rng.choice(["Rndm", "GROUP", "TRACK", "Identify", "", "page ", "screen\n", "delete"])


def m_missing_type(event, fake, rng):
    event.pop("type", None)


def m_huge_value(event, fake, rng):
    """A scalar value (never a whole traits/properties object: see string_as_object) becomes 600–12,000 chars."""
    container = _pick_container(event, rng)
    keys = [k for k in container if not isinstance(container[k], (dict, list))] or ["huge"]
    container[rng.choice(keys)] = fake.ct_huge_text()


def m_string_as_object(event, fake, rng):
    """traits / properties / context.traits given as a short string. RudderStack copies one key per character,
    each holding the whole string (get-value returns a non-object target as is), so the output grows with the
    square of the length: a 12,000-character string gives a ~150 MB profile. Kept short here."""
    key = rng.choice(["traits", "properties", "context.traits"])
    value = rng.choice(["x", "abc", fake.word(), fake.ct_unicode_text()[:20], "🎉" * rng.randint(1, 30)])
    if key == "context.traits":
        if not isinstance(event.get("context"), dict):
            event["context"] = {}
        event["context"]["traits"] = value
    else:
        event[key] = value


def m_huge_object(event, fake, rng):
    container = _pick_container(event, rng)
    container["bulk"] = {f"k{i}": i for i in range(rng.randint(300, 1200))}
    if rng.random() < 0.5:
        for i in range(rng.randint(260, 400)):
            container[f"prop_{i}"] = i


def m_deep_nesting(event, fake, rng):
    value: Any = "leaf"
    for _ in range(rng.randint(20, 80)):
        value = {"n": value} if rng.random() < 0.5 else [value]
    _pick_container(event, rng)["deep"] = value


def m_empty_values(event, fake, rng):
    container = _pick_container(event, rng)
    for key in list(container):
        if key != "type" and rng.random() < 0.5:
            container[key] = rng.choice(["", {}, [], None, 0])


def m_hostile_keys(event, fake, rng):
    container = _pick_container(event, rng)
    for key in rng.sample(HOSTILE_KEYS, rng.randint(1, 4)):
        container[key] = rng.choice([fake.ct_scalar(), {"polluted": True}, None])


def m_unicode_everything(event, fake, rng):
    container = _pick_container(event, rng)
    for key in list(container):
        if key != "type" and isinstance(container[key], str):
            container[key] = fake.ct_unicode_text()
    container[rng.choice(UNICODE_VALUES)] = fake.ct_unicode_text()


def m_bad_products(event, fake, rng):
    props = event.get("properties")
    if not isinstance(props, dict):
        props = event["properties"] = {}
    event["event"] = rng.choice(["Order Completed", "order completed"])
    props["products"] = rng.choice(
        [
            {"sku": "x"},
            "products",
            [],
            ["a", "b"],
            [None],
            [[1]],
            [{"nested": {"a": [1]}}],
            [{"sku": str(i)} for i in range(rng.randint(51, 1100))],
            [{}],
            5,
        ]
    )


def m_bad_amounts(event, fake, rng):
    props = event.get("properties")
    if not isinstance(props, dict):
        props = event["properties"] = {}
    event["event"] = "Order Completed"
    for key in ("revenue", "total", "value"):
        props[key] = fake.ct_wrong_type()


def m_bad_ts(event, fake, rng):
    value = rng.choice(
        [
            "notadate",
            "1615377562",
            1615377562000,
            -5,
            "2021-13-45T99:00:00Z",
            0,
            "",
            "2021-03-10T11:59:22.080+05:30",
            1e21,
            True,
            {"$date": "x"},
        ]
    )
    where = rng.choice(["timestamp", "traits.ts", "context.traits.ts", "properties.ts", "originalTimestamp"])
    owner = event
    parts = where.split(".")
    for part in parts[:-1]:
        if not isinstance(owner.get(part), dict):
            owner[part] = {}
        owner = owner[part]
    owner[parts[-1]] = value


def m_bad_token(event, fake, rng):
    ctx = event.get("context")
    if not isinstance(ctx, dict):
        ctx = event["context"] = {}
    ctx["device"] = {
        "token": rng.choice([fake.ct_wrong_type(), fake.ct_device_token("ios"), ""]),
        "type": rng.choice(["ios", None, 5]),
    }
    ctx["os"] = {"name": rng.choice(["iOS", "android", "Mac OS", "", 7, None, ["ios"], "WATCHOS"])}
    event["type"] = "identify"
    event["integrations"] = {
        rng.choice(["CleverTap", "clevertap"]): rng.choice(
            [
                {"deviceTokenType": "chrome", "chromeKeys": {"auth": "x"}},
                {"deviceTokenType": "random"},
                "fcm",
                {"chromeKeys": {}},
                {"deviceTokenType": None},
                [],
            ]
        )
    }


def m_odd_event_name(event, fake, rng):
    event["type"] = rng.choice(["track", "page", "screen"])
    event["event"] = rng.choice(
        [
            "Charged",
            "App Launched",
            "Web Page Viewed",
            "",
            "   ",
            123,
            ["Order Completed"],
            "x" * 2000,
            "Notification Viewed",
            "order completed ",
            "Order Completed",
        ]
    )


def m_override_fields(event, fake, rng):
    traits = event.get("traits")
    if not isinstance(traits, dict):
        traits = event["traits"] = {}
    traits["overrideFields"] = rng.choice([{"Name": fake.name(), "nested": {"a": 1}}, "x", [1], {"Email": 5}])
    traits["Email"] = rng.choice([fake.email(), 5, None])


def m_not_an_object(event, fake, rng):
    event.clear()
    event["__replace__"] = rng.choice([None, "identify", 42, [{"type": "track"}], True, []])


MUTATIONS: dict[str, Mutation] = {
    fn.__name__[2:]: fn
    for fn in (
        m_no_ids,
        m_empty_ids,
        m_wrong_type_ids,
        m_wrong_type_field,
        m_wrong_type_value,
        m_wrong_type_special,
        m_odd_gender,
        m_unknown_type,
        m_missing_type,
        m_huge_value,
        m_string_as_object,
        m_huge_object,
        m_deep_nesting,
        m_empty_values,
        m_hostile_keys,
        m_unicode_everything,
        m_bad_products,
        m_bad_amounts,
        m_bad_ts,
        m_bad_token,
        m_odd_event_name,
        m_override_fields,
        m_not_an_object,
    )
}
_MUTATION_NAMES = tuple(MUTATIONS)
_MUTATION_WEIGHTS = tuple(1 if n != "not_an_object" else 0.3 for n in _MUTATION_NAMES)

INVALID_SHARE = 0.3


def event_seed(seed: int, family: str, index: int) -> str:
    return f"clevertap-harness-fuzz/{family}/{seed}/{index}"


def generate_event(seed: int, family: str, index: int) -> GeneratedEvent:
    """Event `index` of the run with this seed, for a family ("segment" or "rudderstack")."""
    if family not in FAMILIES:
        raise ValueError(f"unknown event family {family!r}")
    key = event_seed(seed, family, index)
    rng = random.Random(key)
    locale = rng.choices(LOCALES, weights=_LOCALE_WEIGHTS)[0]
    fake = fakers()[locale]
    fake.seed_instance(key)
    kind = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
    builder = _Builder(family, fake, rng)
    event = builder.build(kind)
    mutations: list[str] = []
    if rng.random() < INVALID_SHARE:
        for name in rng.choices(_MUTATION_NAMES, weights=_MUTATION_WEIGHTS, k=rng.choice([1, 1, 1, 2])):
            MUTATIONS[name](event, fake, rng)
            mutations.append(name)
    if "__replace__" in event:
        event = event["__replace__"]
    return GeneratedEvent(
        index, copy.deepcopy(event) if isinstance(event, (dict, list)) else event, not mutations, kind, mutations
    )


def generate_events(seed: int, family: str, count: int, start: int = 0) -> list[GeneratedEvent]:
    return [generate_event(seed, family, i) for i in range(start, start + count)]
