"""CleverTap's per-record validation for `POST /1/upload`, as a table in the documented order.

Each rule has CleverTap's error code, the record types it applies to, and a check returning the error text (or
None when the record passes). The first failing rule decides the record's answer, because CleverTap reports one
error per record (docs/clevertap-api.md#profile-records). Texts observed on the real API are reproduced exactly,
including their quirks (no space before "Skipped record number" on profile errors, the double dot on 518). Rules and
texts the documents do not settle are marked `inferred=True`; the docstring of each such check says what was chosen
and why.
The order across rule classes follows docs/clevertap-api.md: type → identifier → ts → event name → structure →
counts → profile fields → token fields.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .config import MockConfig

RECORD_TYPES = ("event", "profile", "token")
IDENTIFIER_FIELDS = ("identity", "FBID", "GPID", "objectId")
TOKEN_TYPES = frozenset({"apns", "gcm", "fcm", "wns", "mpns", "chrome"})
PROFILE_OPERATORS = frozenset({"$add", "$remove", "$incr", "$decr", "$delete", "$set"})
# Subscription groups: {"email": ["Newsletters"]} opts a user out of / back into categories (web user profiles).
SUBSCRIPTION_KEYS = frozenset({"category-unsubscribe", "category-resubscribe"})
STANDARD_PROFILE_KEYS = frozenset(
    {
        "Name",
        "Email",
        "Phone",
        "Gender",
        "DOB",
        "Photo",
        "Employed",
        "Education",
        "Married",
        "Age",
        "Identity",
        "identity",
        "MSG-email",
        "MSG-push",
        "MSG-sms",
        "MSG-whatsapp",
        "MSG-dndPhone",
        "MSG-dndEmail",
        "Customer Type",
        "Tz",
        "Location",
        "category-unsubscribe",
        "category-resubscribe",
    }
)

# The suffix CleverTap appends to every per-record error; N is the 1-based position in `d`.
SKIPPED = "Skipped record number : {n}"

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+[1-9][0-9]{5,14}$")
_OBJECT_ID = re.compile(r"^[A-Za-z0-9()!:@$_\-]{1,64}$")
# Dates anywhere in profile or event data: "$D_" + epoch seconds (quick-setup page, "$D_1487576752"; the SDKs send
# date objects this way). Any other string starting with the prefix is not a date CleverTap can store.
DATE_PREFIX = "$D_"
_DATE = re.compile(r"^\$D_-?[0-9]{1,12}$")
# `$delete` removes a property; the quick-setup page says it applies to Name and Gender only.
DELETABLE_PROFILE_KEYS = frozenset({"Name", "Gender"})
_NUMERIC = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_MAX_EPOCH_SECONDS = 10**10  # year 2286; anything larger is milliseconds or garbage


@dataclass(frozen=True)
class RecordContext:
    config: MockConfig
    # Stateful lookups (the mock's store); None when validating without state.
    token_platform: Callable[[str], str | None] | None = None
    # Event names this request found to pass 509/513/528 (a batch repeats a few names many times).
    plain_names: set[str] = field(default_factory=set)
    # The limits `plain_event` reads for every record, taken from the config once:
    # (identifier chars, event properties, key chars, string chars that cannot exceed the value bytes).
    plain_limits: tuple[int, int, int, int] = field(init=False)

    def __post_init__(self) -> None:
        config = self.config
        limits = (
            config.identifier_max_chars,
            config.max_event_props,
            config.key_max_chars,
            config.value_max_bytes // 4,
        )
        object.__setattr__(self, "plain_limits", limits)


Check = Callable[[dict[str, Any], RecordContext], "str | None"]


@dataclass(frozen=True)
class Rule:
    code: int
    types: frozenset[str | None]
    check: Check
    inferred: bool = False

    @property
    def doc(self) -> str:
        return (self.check.__doc__ or "").strip()


def _present(value: Any) -> bool:
    return value is not None and value != ""


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# --- every record -------------------------------------------------------------------------------------------


def check_type(record: dict, ctx: RecordContext) -> str | None:
    """524 "Data neither event nor profile" (doc). `token` is also valid on /1/upload (inferred from the device
    token page, which posts to the same endpoint)."""
    if record.get("type") in RECORD_TYPES:
        return None
    return "Data neither event nor profile. "


def check_identifier(record: dict, ctx: RecordContext) -> str | None:
    """523, exact text observed 2017 for `"identity": ""`. One of identity/FBID/GPID/objectId must be a non-empty
    string or number under 120 characters; any identifier given must meet that (inferred: a too-long identity is
    not rescued by a valid objectId, since the message names the 120-char rule for all four)."""
    limit = ctx.config.identifier_max_chars
    found = False
    for name in IDENTIFIER_FIELDS:
        value = record.get(name)
        if value is None or value == "":
            continue
        if value.__class__ is str:
            if len(value) >= limit:
                return _IDENTITY_TEXT
            found = True
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            return _IDENTITY_TEXT
        if len(str(value)) >= limit:
            return _IDENTITY_TEXT
        found = True
    return None if found else _IDENTITY_TEXT


_IDENTITY_TEXT = "'identity' or 'fbId' or 'gpId' or 'objectId' is necessary under 120 chars to identify the user. "


def check_object_id(record: dict, ctx: RecordContext) -> str | None:
    """526 "objectId invalid" (doc code, inferred text and rule). Chosen rule: the documented format of CleverTap
    IDs, 1–64 characters of A-Z a-z 0-9 ( ) ! : @ $ _ - (set-clevertap-id page), which covers SDK ids (`__g…`,
    `-g…`) and the UUID anonymousIds RudderStack sends."""
    value = record.get("objectId")
    if value is None or value == "":
        return None
    if isinstance(value, str) and _OBJECT_ID.match(value):
        return None
    return "objectId is invalid. "


def check_ts(record: dict, ctx: RecordContext) -> str | None:
    """525, exact text observed 2018 for `"ts": 0`. Chosen range (inferred): a positive integer (or a string of
    digits) below 10^10, i.e. epoch seconds. Milliseconds, ISO-8601 strings (Segment Actions sends them) and
    floats with a fraction are rejected, because the API documents `ts` as epoch seconds and the only recorded
    answer rejects a value outside that range. `null` counts as absent (the server defaults ts to now)."""
    if "ts" not in record or record["ts"] is None:
        return None
    ts = record["ts"]
    if isinstance(ts, str) and ts.isdigit():
        ts = int(ts)
    if isinstance(ts, float) and ts.is_integer():
        ts = int(ts)
    if isinstance(ts, int) and not isinstance(ts, bool) and 0 < ts < _MAX_EPOCH_SECONDS:
        return None
    return "Timestamp should be present in the Unix Epoch format. "


# --- events -------------------------------------------------------------------------------------------------


def check_event_name(record: dict, ctx: RecordContext) -> str | None:
    """509, exact text observed (rudder fixture, record without evtName). A name must be a non-blank string."""
    name = record.get("evtName")
    if isinstance(name, str) and name.strip():
        return None
    return "Event Name is incorrect. ErrorCode: 509 - Event name is mandatory. "


def check_restricted(record: dict, ctx: RecordContext) -> str | None:
    """513, exact text observed in production (2024) for "Web Page Viewed". The restricted set is the SDK lists,
    the documented system events and "Web Page Viewed", compared case-insensitively (configurable)."""
    if ctx.config.is_restricted(record["evtName"]):
        return "Event Name is incorrect. ErrorCode: 513 - Trying to raise a restricted system event. "
    return None


def check_discarded(record: dict, ctx: RecordContext) -> str | None:
    """528, observed live (2026) with a text beginning "Trying"; the rest is inferred from the 513 wording.
    Discarded names are whatever the mock was configured with (the dashboard's list on a real account)."""
    if ctx.config.is_discarded(record["evtName"]):
        return "Event Name is incorrect. ErrorCode: 528 - Trying to raise a discarded event. "
    return None


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _utf8_len(text: str) -> int:
    # surrogatepass: a JSON string may carry a lone surrogate escape (\ud83c), which strict UTF-8 cannot encode.
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


def _value_problem(key: str, value: Any, config: MockConfig, key_bytes: bool = False) -> str | None:
    """Documented key and value limits. Event property keys count characters (as the event pages say); profile
    keys count UTF-8 bytes (upload-user-profiles-api: "120 bytes"); string values count bytes (512)."""
    limit = config.key_max_chars
    if len(key) > limit or (key_bytes and _utf8_len(key) > limit):
        unit = "bytes" if key_bytes else "characters"
        return f"property key '{key[:40]}…' is longer than {limit} {unit}"
    if value.__class__ is str:
        # A string of at most max/4 code points cannot exceed max bytes: most values skip the encode.
        if len(value) * 4 > config.value_max_bytes and _utf8_len(value) > config.value_max_bytes:
            return f"value of '{key}' is longer than {config.value_max_bytes} bytes"
        if value.startswith(DATE_PREFIX) and not _DATE.match(value):
            return f"value of '{key}' is not a date: CleverTap dates are $D_ followed by epoch seconds"
    return None


def check_event_structure(record: dict, ctx: RecordContext) -> str | None:
    """512 "Invalid event structure" (doc code; texts inferred). `evtData` is required and must be an object;
    keys ≤ 120 characters and string values ≤ 512 bytes (documented limits, no documented code, so they are
    reported here); nested objects/arrays are rejected except Charged `Items`, a list of flat objects (inferred:
    the classic event model is flat and RudderStack stringifies nested values before sending; the
    `allow_nested_event_props` setting models accounts with the Nested Objects beta)."""
    data = record.get("evtData")
    if not isinstance(data, dict):
        return "Invalid event structure: evtData must be a JSON object. "
    config = ctx.config
    charged = record["evtName"] == "Charged"
    key_max, quick = config.key_max_chars, config.value_max_bytes // 4
    for key, value in data.items():
        # Fast path for the common case, decided without the full checks: a short key with a number, a boolean,
        # null or a short string that is not a date.
        if len(key) <= key_max and not (charged and key == "Items"):
            cls = value.__class__
            if cls is str:
                if len(value) <= quick and not value.startswith(DATE_PREFIX):
                    continue
            elif cls is int or cls is float or cls is bool or value is None:
                continue
        problem = _value_problem(key, value, config)
        if problem:
            return f"Invalid event structure: {problem}. "
        if charged and key == "Items":
            if not isinstance(value, list):
                return "Invalid event structure: Charged Items must be a list of objects. "
            for item in value:
                if not isinstance(item, dict):
                    return "Invalid event structure: Charged Items must be a list of objects. "
                for item_key, item_value in item.items():
                    if not _scalar(item_value):
                        return f"Invalid event structure: Charged item property '{item_key}' is nested. "
                    problem = _value_problem(item_key, item_value, config)
                    if problem:
                        return f"Invalid event structure: Charged item {problem}. "
            continue
        if _scalar(value) or config.allow_nested_event_props:
            continue
        return f"Invalid event structure: property '{key}' is a nested {type(value).__name__}. "
    return None


def check_event_counts(record: dict, ctx: RecordContext) -> str | None:
    """522 "Event properties limit exceeded" (doc code, inferred text). The property limit is 256 by default
    (older pages; the 2026 page says 100, configurable per account, so it is a setting). Charged Items above
    `charged_items_limit` (off by default: only the SDKs document 50) use the SDKs' own text."""
    config = ctx.config
    data = record["evtData"]
    if len(data) > config.max_event_props:
        return f"Event properties limit exceeded: {len(data)} properties, max {config.max_event_props}. "
    limit = config.charged_items_limit
    if limit is not None and record["evtName"] == "Charged":
        items = data.get("Items")
        if isinstance(items, list) and len(items) > limit:
            return f"Charged event contained more than {limit} items. "
    return None


# --- profiles -----------------------------------------------------------------------------------------------


def check_profile_structure(record: dict, ctx: RecordContext) -> str | None:
    """512 (inferred code and text). `profileData` is documented as required and must be an object; there is
    no documented code for its absence, so the structure code is reused."""
    if isinstance(record.get("profileData"), dict):
        return None
    return "Profile data is incorrect. profileData must be a JSON object."


def _profile_field(key: str, valid: Callable[[Any], bool], text: str) -> Check:
    def check(record: dict, ctx: RecordContext) -> str | None:
        data = record["profileData"]
        if key in data and data[key] is not None and not valid(data[key]):
            return text
        return None

    check.__name__ = f"check_{key.lower()}"
    return check


def _valid_age(value: Any) -> bool:
    return _is_number(value) or (isinstance(value, str) and bool(_NUMERIC.match(value)))


def check_gender_factory(config_key: str = "accept_gender_o_u") -> Check:
    def check_gender(record: dict, ctx: RecordContext) -> str | None:
        """514, text observed 2017 for "GG". Accepted: M and F (the API pages); O and U too when
        `accept_gender_o_u` is set (the web SDK accepts them; server acceptance is unverified)."""
        value = record["profileData"].get("Gender")
        if value is None or (isinstance(value, dict) and list(value) == ["$delete"]):  # deleting it is allowed
            return None
        allowed = ("M", "F", "O", "U") if getattr(ctx.config, config_key) else ("M", "F")
        return None if value in allowed else "Profile data is incorrect. Gender needs to be M/F."

    return check_gender


def _strings(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))


def check_profile_limits(record: dict, ctx: RecordContext) -> str | None:
    """512/522 class (inferred code and text): documented limits with no documented code — keys ≤ 120
    bytes, string values ≤ 512 bytes, ≤ 256 custom keys, multi-value lists ≤ 100 strings, operator objects
    limited to CleverTap's `$add/$remove/$set/$incr/$decr/$delete`. The subscription-group keys
    `category-unsubscribe` / `category-resubscribe` (documented on the web user-profiles page; RudderStack sends
    them as objects, PR #3048) hold an object of channel → group names. Other nested objects are rejected: the
    Nested Objects feature is a per-account beta."""
    config = ctx.config
    data = record["profileData"]
    custom = 0
    for key, value in data.items():
        if key not in STANDARD_PROFILE_KEYS:
            custom += 1
        problem = _value_problem(key, value, config, key_bytes=True)
        if problem:
            return f"Profile data is incorrect. The {problem}."
        if isinstance(value, list):
            if len(value) > config.max_multi_values:
                return f"Profile data is incorrect. '{key}' has more than {config.max_multi_values} values."
            if not all(_scalar(v) and not isinstance(v, bool) for v in value):
                return f"Profile data is incorrect. '{key}' must be a list of strings."
        elif isinstance(value, dict):
            if key in SUBSCRIPTION_KEYS:
                if not all(isinstance(k, str) and _strings(v) for k, v in value.items()):
                    return f"Profile data is incorrect. '{key}' maps channels to lists of subscription group names."
                continue
            if len(value) != 1 or next(iter(value)) not in PROFILE_OPERATORS:
                return f"Profile data is incorrect. '{key}' holds an object that is not a profile operator."
            op, operand = next(iter(value.items()))
            if op in ("$incr", "$decr") and not _is_number(operand):
                return f"Profile data is incorrect. {op} on '{key}' needs a number."
            if op in ("$add", "$remove", "$set") and not isinstance(operand, (list, str)):
                return f"Profile data is incorrect. {op} on '{key}' needs a list of strings."
            if op == "$delete" and key not in DELETABLE_PROFILE_KEYS:
                return f"Profile data is incorrect. $delete applies to Name and Gender only, not '{key}'."
    if custom > config.max_custom_profile_keys:
        return f"Profile data is incorrect. {custom} custom keys, max {config.max_custom_profile_keys}."
    return None


# --- tokens -------------------------------------------------------------------------------------------------


def check_token_object_id(record: dict, ctx: RecordContext) -> str | None:
    """530 "Invalid 'objectId'" (doc code and meaning): tokens attach only through a CleverTap ID."""
    value = record.get("objectId")
    if isinstance(value, str) and _OBJECT_ID.match(value):
        return None
    return "Invalid 'objectId'. "


def check_token_data(record: dict, ctx: RecordContext) -> str | None:
    """531 "Invalid token data" (doc code; inferred that a tokenData that is not an object is this case)."""
    return None if isinstance(record.get("tokenData"), dict) else "Invalid token data. "


def check_token_id(record: dict, ctx: RecordContext) -> str | None:
    """532 "Token 'id' is not present"."""
    token_id = record["tokenData"].get("id")
    return None if isinstance(token_id, str) and token_id else "Token 'id' is not present. "


def check_token_type_present(record: dict, ctx: RecordContext) -> str | None:
    """533 "Token 'type' is not present"."""
    token_type = record["tokenData"].get("type")
    return None if isinstance(token_type, str) and token_type else "Token 'type' is not present. "


def check_token_type_known(record: dict, ctx: RecordContext) -> str | None:
    """531 "Invalid token data" for a type outside apns/gcm/fcm/wns/mpns/chrome (the legacy page's list;
    inferred that an unknown type is invalid data rather than a 534)."""
    return None if record["tokenData"]["type"] in TOKEN_TYPES else "Invalid token data. "


def check_token_platform(record: dict, ctx: RecordContext) -> str | None:
    """534 "Token 'type' is not valid for 'objectId'" (inferred rule): raised only when the objectId already has
    a token of another platform recorded (an Android device's objectId getting an `apns` token), because the mock
    knows nothing else about the device."""
    if ctx.token_platform is None:
        return None
    known = ctx.token_platform(record["objectId"])
    if known is None or known == token_platform(record["tokenData"]["type"]):
        return None
    return "Token 'type' is not valid for 'objectId'. "


def check_chrome_keys(record: dict, ctx: RecordContext) -> str | None:
    """535 "Invalid token data" (inferred mapping): a `chrome` web-push token needs `keys` with `p256dh` and
    `auth`, as the legacy token page and CleverTap's node client send them."""
    data = record["tokenData"]
    if data["type"] != "chrome":
        return None
    keys = data.get("keys")
    if isinstance(keys, dict) and keys.get("p256dh") and keys.get("auth"):
        return None
    return "Invalid token data: chrome tokens need keys.p256dh and keys.auth. "


_PLATFORM_BY_TOKEN = {
    "apns": "iOS",
    "fcm": "Android",
    "gcm": "Android",
    "chrome": "Web",
    "wns": "Windows",
    "mpns": "Windows",
}


def token_platform(token_type: str) -> str | None:
    return _PLATFORM_BY_TOKEN.get(token_type)


EVENT = frozenset({"event"})
PROFILE = frozenset({"profile"})
TOKEN = frozenset({"token"})
EVENT_PROFILE = frozenset({"event", "profile"})
ANY: frozenset[str | None] = frozenset(RECORD_TYPES) | frozenset({None})

RULES: tuple[Rule, ...] = (
    Rule(524, ANY, check_type),
    Rule(523, EVENT_PROFILE, check_identifier),
    Rule(526, EVENT_PROFILE, check_object_id, inferred=True),
    Rule(525, ANY, check_ts),
    Rule(530, TOKEN, check_token_object_id),
    Rule(509, EVENT, check_event_name),
    Rule(513, EVENT, check_restricted),
    Rule(528, EVENT, check_discarded, inferred=True),
    Rule(512, EVENT, check_event_structure, inferred=True),
    Rule(522, EVENT, check_event_counts, inferred=True),
    Rule(512, PROFILE, check_profile_structure, inferred=True),
    Rule(512, PROFILE, check_profile_limits, inferred=True),
    Rule(
        515,
        PROFILE,
        _profile_field(
            "Email",
            lambda v: isinstance(v, str) and bool(_EMAIL.match(v)),
            "Profile data is incorrect. Email is not valid.",
        ),
    ),
    Rule(
        516,
        PROFILE,
        _profile_field(
            "Phone",
            lambda v: isinstance(v, str) and bool(_PHONE.match(v)),
            "Profile data is incorrect. Phone number is not valid.",
        ),
    ),
    Rule(514, PROFILE, check_gender_factory()),
    Rule(
        517,
        PROFILE,
        _profile_field("Employed", lambda v: v in ("Y", "N"), "Profile data is incorrect. Employed needs to be Y/N."),
    ),
    Rule(
        518,
        PROFILE,
        _profile_field(
            "Education",
            lambda v: v in ("School", "College", "Graduate"),
            "Profile data is incorrect. Education needs to be School/College/Graduate..",
        ),
    ),
    Rule(
        519,
        PROFILE,
        _profile_field("Married", lambda v: v in ("Y", "N"), "Profile data is incorrect. Married needs to be Y/N."),
    ),
    Rule(520, PROFILE, _profile_field("Age", _valid_age, "Profile data is incorrect. Age is invalid.")),
    Rule(531, TOKEN, check_token_data, inferred=True),
    Rule(532, TOKEN, check_token_id),
    Rule(533, TOKEN, check_token_type_present),
    Rule(531, TOKEN, check_token_type_known, inferred=True),
    Rule(535, TOKEN, check_chrome_keys, inferred=True),
    Rule(534, TOKEN, check_token_platform, inferred=True),
)

_RULES_BY_TYPE: dict[Any, tuple[Rule, ...]] = {
    t: tuple(r for r in RULES if t in r.types) for t in (*RECORD_TYPES, None)
}
# (code, check) pairs per record type: the table above, unpacked once for the per-record loop. A record found
# here by its type passes `check_type` by construction, so its list leaves that check out.
_CHECKS_BY_TYPE: dict[Any, tuple[tuple[int, Check], ...]] = {
    t: tuple((r.code, r.check) for r in rules if t is None or r.check is not check_type)
    for t, rules in _RULES_BY_TYPE.items()
}


@dataclass(frozen=True)
class Rejection:
    code: int
    error: str
    record: Any

    def as_json(self) -> dict[str, Any]:
        return {"status": "fail", "code": self.code, "error": self.error, "record": self.record}


def plain_event(record: dict[str, Any], ctx: RecordContext) -> bool:
    """A shortcut for the bulk of an upload: True only for an event every event rule above passes, decided in one
    pass: a short identity and/or a well-formed objectId (no FBID/GPID), no ts or an in-range integer one, a
    known-good name other than Charged, and evtData a small object of short keys and scalar values (no long or
    `$D_` string). Anything else (False) goes through the rule table, which alone decides what fails and how;
    tests/mock/test_rules.py checks the two agree."""
    limit, max_props, key_max, quick = ctx.plain_limits
    identity, object_id = record.get("identity"), record.get("objectId")
    if identity.__class__ is str:
        if not 0 < len(identity) < limit:
            return False
    elif identity is not None or object_id is None:
        return False
    if object_id is not None and not (
        object_id.__class__ is str and len(object_id) < limit and _OBJECT_ID.match(object_id)
    ):
        return False
    if "FBID" in record or "GPID" in record:
        return False
    ts = record.get("ts")
    if ts is not None and not (ts.__class__ is int and 0 < ts < _MAX_EPOCH_SECONDS):
        return False
    name, data = record.get("evtName"), record.get("evtData")
    if name.__class__ is not str:
        return False
    if name not in ctx.plain_names:
        if (
            name == "Charged"
            or check_event_name(record, ctx) is not None
            or ctx.config.is_restricted(name)
            or ctx.config.is_discarded(name)
        ):
            return False
        ctx.plain_names.add(name)
    if data.__class__ is not dict or len(data) > max_props:
        return False
    for key, value in data.items():
        if len(key) > key_max:
            return False
        cls = value.__class__
        if cls is str:
            if len(value) > quick or value.startswith(DATE_PREFIX):
                return False
        elif cls not in _PLAIN_SCALARS:
            return False
    return True


_PLAIN_SCALARS = frozenset({int, float, bool, type(None)})


def is_plain_event(record: Any, ctx: RecordContext) -> bool:
    """`plain_event` for any element of `d`: a JSON object of type "event" that the shortcut passes."""
    return record.__class__ is dict and record.get("type") == "event" and plain_event(record, ctx)


def validate_record(record: Any, position: int, ctx: RecordContext) -> Rejection | None:
    """Validate one element of `d`; `position` is its 1-based place in the request (CleverTap's numbering)."""
    return None if is_plain_event(record, ctx) else judge_record(record, position, ctx)


def judge_record(record: Any, position: int, ctx: RecordContext) -> Rejection | None:
    """The rule table alone, in its order: the first failing rule's rejection, or None."""
    if not isinstance(record, dict):
        return Rejection(524, (check_type({}, ctx) or "") + SKIPPED.format(n=position), record)
    rtype = record.get("type")
    checks = _CHECKS_BY_TYPE.get(rtype) if rtype.__class__ is str else None
    for code, check in checks or _CHECKS_BY_TYPE[None]:
        text = check(record, ctx)
        if text is not None:
            return Rejection(code, text + SKIPPED.format(n=position), record)
    return None
