"""The facts the fuzz invariants check, written down again from the documents, apart from the transformer's tables.

The transformer reads its mapping from `transformer/tables/`; an invariant that read the same tables would pass
whatever a wrong row said. So the oracle restates each fact here, from the behaviour reference in `docs/` (which
names the public source of each), and a wrong row on either side makes the fuzz run fail. Values only; no code of
the transformer is imported.

Where an invariant uses the transformer's code on purpose (the key-casing strategy, the JavaScript semantics
layer, reading a setting by its alternative names) it checks a mechanism, not a documented value, and its
docstring says "mechanism check".
"""

from __future__ import annotations

import re

# --- RudderStack cloud (docs/rudderstack-cloud.md) ------------------------------------------------------------

# #identify: CleverTap key <- source paths, first usable value wins
RS_MAPPED_TRAITS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Email", ("traits.email", "context.traits.email", "properties.email")),
    ("Name", ("traits.name", "context.traits.name")),
    ("Phone", ("traits.phone", "context.traits.phone")),
    ("Gender", ("traits.gender", "context.traits.gender")),
    ("Employed", ("traits.employed", "context.traits.employed")),
    ("DOB", ("traits.birthday", "context.traits.birthday")),
    ("Education", ("traits.education", "context.traits.education")),
    ("Married", ("traits.married", "context.traits.married")),
    ("Customer Type", ("traits.customerType", "context.traits.customerType")),
    ("Photo", ("traits.avatar", "context.traits.avatar")),
)
# #identify: the five spellings of each gender; any other value is dropped
RS_GENDER = {
    **dict.fromkeys(("f", "F", "Female", "female", "FEMALE"), "F"),
    **dict.fromkeys(("m", "M", "Male", "male", "MALE"), "M"),
}
# #identify: trait keys never copied as custom traits
RS_NOT_COPIED = frozenset(
    {
        *("email", "name", "phone", "gender", "education", "employed", "birthday", "married", "customerType"),
        "avatar",
        *("firstName", "firstname", "first_name", "lastName", "lastname", "last_name"),
        *("anonymousId", "userId", "id", "ts", "overrideFields"),
    }
)
# #identity-objectid-mapping-and-trackanonymous: "userIdOnly" (no anonymousId fallback)
RS_USER_ID_ONLY = ("userId", "traits.userId", "traits.id", "context.traits.userId", "context.traits.id")
RS_MESSAGE_TYPES = frozenset({"identify", "alias", "track", "page", "screen"})
RS_EVENT_TYPES = frozenset({"track", "page", "screen"})
# #identity-objectid-mapping-and-trackanonymous, mapping on: (anonymousId?, userIdOnly?) -> placements
RS_IDENTIFY_OBJECT_ID = {
    (True, True): (("objectId", "anonymousId"), ("profileData.identity", "userId")),
    (True, False): (("objectId", "anonymousId"),),
    (False, True): (("identity", "userId"),),
    (False, False): (),
}
RS_EVENT_OBJECT_ID = {
    (True, True): (("objectId", "anonymousId"),),
    (True, False): (("objectId", "anonymousId"),),
    (False, True): (("identity", "userId"),),
    (False, False): "no_ids",
}
# #device-tokens
RS_OS_TOKEN_TYPE = {"android": "fcm", "ios": "apns", "ipados": "apns", "tvos": "apns", "watchos": "apns"}
RS_INTEGRATION_NAMES = ("clevertap", "Clevertap", "CleverTap", "CLEVERTAP")
RS_TOKEN_TYPES = frozenset({"chrome", "fcm", "gcm", "apns", "wns", "mpns"})
# #order-completed--charged
RS_ORDER_COMPLETED = "order completed"
RS_CHARGED_NOT_COPIED = frozenset({"checkout_id", "revenue", "products", "ts"})
# #errors (messages quoted exactly; status 400)
RS_ERRORS = {
    "anonymous": "userId, not present cannot track anonymous user",
    "no_ids": "Unable to process without anonymousId or userId",
    "forbidden_proto": "Object contains forbidden prototype property",
}

# --- Segment classic cloud (docs/segment-cloud.md) -------------------------------------------------------------

# #identify: the special traits (after key casing) and their CleverTap keys
SG_SPECIAL_TRAITS = {
    "name": "Name",
    "birthday": "DOB",
    "avatar": "Photo",
    "gender": "Gender",
    "phone": "Phone",
    "email": "Email",
}
# #identify (project choice) and docs/segment-device.md#ios: lower-cased gender -> M/F
SG_GENDER_LOWER = {"m": "M", "male": "M", "f": "F", "female": "F"}
# #order-completed--charged (project choice)
SG_ORDER_COMPLETED = "Order Completed"
SG_CHARGED_AMOUNT_FROM = ("total", "revenue")
SG_CHARGED_ID_FROM = ("order_id", "orderId")
# #page-and-screen
SG_PAGE_EVENT = "Web Page Viewed"

# --- Segment Actions (docs/segment-actions.md#settings) --------------------------------------------------------

ACTIONS_ENDPOINTS = frozenset(
    {
        "https://sk1.api.clevertap.com",
        "https://eu1.api.clevertap.com",
        "https://us1.api.clevertap.com",
        "https://sg1.api.clevertap.com",
        "https://in1.api.clevertap.com",
    }
)

# --- Segment device mode (docs/segment-device.md) --------------------------------------------------------------

# #android: exact-key renames (raw key removed) and the upper-cased gender table
ANDROID_RENAMES = {"phone": "Phone", "name": "Name", "email": "Email", "birthday": "DOB"}
ANDROID_GENDER_UPPER = {"M": "M", "MALE": "M", "F": "F", "FEMALE": "F"}
# #web: the routing regex of analytics.js-integration; mobile wrappers match the exact name
WEB_ORDER_COMPLETED = re.compile(r"^[ _]?completed[ _]?order[ _]?|^[ _]?order[ _]?completed[ _]?$", re.IGNORECASE)
MOBILE_ORDER_COMPLETED = "Order Completed"
# SDK methods each wrapper calls
SDK_METHODS = {
    "web": {"identify": "onUserLogin.push", "alias": "profile.push", "track": "event.push", "charged": "event.push"},
    "android": {
        "identify": "onUserLogin",
        "alias": "pushProfile",
        "track": "pushEvent",
        "charged": "pushChargedEvent",
        "screen": "recordScreen",
        "error": "pushError",
    },
    "ios": {
        "identify": "onUserLogin:",
        "alias": "profilePush:",
        "track": "recordEvent:withProps:",
        "charged": "recordChargedEventWithDetails:andItems:",
        "screen": "recordScreenView:",
    },
}
