"""Mapping data of RudderStack's CleverTap device-mode integrations; docs/rudderstack-device.md cites the upstream
files (rudder-sdk-js `Clevertap/browser.js` + `utils/utils.js`; rudder-integration-clevertap-android; -ios)."""

from __future__ import annotations

# ------------------------------------------------------------------------------------------------------------
# web: rudder-sdk-js packages/analytics-js-integrations/src/integrations/Clevertap/browser.js
# ------------------------------------------------------------------------------------------------------------
WEB_SDK = "web"

# getDefinedTraits (utils.js): each is `get(p1) || get(p2) || ...` over these message paths.
WEB_DEFINED_TRAITS: dict[str, tuple[str, ...]] = {
    "userId": ("userId", "context.traits.userId", "anonymousId"),
    "email": ("context.traits.email", "context.traits.Email", "context.traits.E-mail"),
    "phone": ("context.traits.phone", "context.traits.Phone"),
    "name": ("context.traits.name", "context.traits.Name"),
    "firstName": ("context.traits.firstName", "context.traits.firstname", "context.traits.first_name"),
    "lastName": ("context.traits.lastName", "context.traits.lastname", "context.traits.last_name"),
}

# The onUserLogin Site payload, in the integration's order: (Site key, defined trait) or (Site key, message path).
WEB_SITE_FROM_DEFINED: tuple[tuple[str, str], ...] = (
    ("Name", "name"),
    ("Identity", "userId"),
    ("Email", "email"),
    ("Phone", "phone"),
)
WEB_SITE_FROM_PATH: tuple[tuple[str, str], ...] = (
    ("Gender", "context.traits.gender"),
    ("DOB", "context.traits.birthday"),
    ("Photo", "context.traits.avatar"),
    ("Employed", "context.traits.employed"),
    ("Education", "context.traits.education"),
    ("Married", "context.traits.married"),
    ("Customer Type", "context.traits.customerType"),
)
WEB_CUSTOM_TRAITS_PATH = "context.traits"
# Trait keys never copied as custom fields (the integration's exclusionKeys); note `avatar`, `Birthday`-less
# spellings and everything else pass.
WEB_EXCLUDED_TRAITS: frozenset[str] = frozenset(
    (
        "email",
        "E-mail",
        "Email",
        "phone",
        "Phone",
        "name",
        "Name",
        "gender",
        "Gender",
        "birthday",
        "Birthday",
        "anonymousId",
        "userId",
        "lastName",
        "lastname",
        "last_name",
        "firstName",
        "firstname",
        "first_name",
        "employed",
        "education",
        "married",
        "customerType",
    )
)

WEB_ORDER_COMPLETED = "Order Completed"  # exact, case-sensitive
WEB_CHARGED_EVENT = "Charged"
WEB_CHARGED_FIELDS: tuple[tuple[str, str], ...] = (
    ("Charged ID", "checkout_id"),
    ("Amount", "revenue"),
    ("Items", "products"),
)
WEB_CHARGED_PROPERTIES_PATH = "properties"
WEB_CHARGED_EXCLUDED: frozenset[str] = frozenset(("checkout_id", "revenue", "products"))
WEB_PAGE_PREFIX = "WebPage Viewed"

WEB_METHODS: dict[str, str] = {"identify": "onUserLogin.push", "event": "event.push"}

# ------------------------------------------------------------------------------------------------------------
# android: rudder-integration-clevertap-android CleverTapIntegrationFactory.java (on rudder-sdk-android core)
# ------------------------------------------------------------------------------------------------------------
ANDROID_SDK = "android"
ANDROID_TRAIT_RENAMES: dict[str, str] = {"name": "Name", "phone": "Phone", "email": "Email", "id": "Identity"}
ANDROID_FLATTENED_TRAITS = frozenset(("address", "company"))
ANDROID_NESTED_RENAMES: dict[str, str] = {"id": "companyId", "name": "companyName"}
ANDROID_GENDER: dict[str, str] = {"M": "M", "MALE": "M", "F": "F", "FEMALE": "F"}  # keyed by toUpperCase()
ANDROID_ORDER_COMPLETED = "Order Completed"
ANDROID_CHARGED_RENAMES: dict[str, str] = {"revenue": "Amount", "order_id": "Charged ID"}
ANDROID_PRODUCT_RENAMES: dict[str, str] = {"product_id": "id"}
ANDROID_SCREEN_FORMAT = "Screen Viewed: {}"
ANDROID_MAX_EVENT_BYTES = 64 * 1024  # rudder-sdk-android Utils.MAX_EVENT_SIZE
ANDROID_METHODS: dict[str, str] = {
    "identify": "onUserLogin",
    "track": "pushEvent",
    "charged": "pushChargedEvent",
}

# ------------------------------------------------------------------------------------------------------------
# ios: rudder-integration-clevertap-ios RudderCleverTapIntegration.m (on rudder-sdk-ios)
# ------------------------------------------------------------------------------------------------------------
IOS_SDK = "ios"
IOS_COPIED_TRAITS: dict[str, str] = {"email": "Email", "name": "Name"}
IOS_GENDER: dict[str, str] = {"male": "M", "m": "M", "female": "F", "f": "F"}  # keyed by lowercaseString
IOS_FLATTENED_TRAITS = frozenset(("adderess", "address", "company"))
IOS_NESTED_RENAMES: dict[str, str] = {"id": "companyId", "name": "companyName"}
IOS_ORDER_COMPLETED = "Order Completed"
IOS_CHARGED_RENAMES: dict[str, str] = {"order_id": "Charged ID", "revenue": "Amount"}
IOS_PRODUCT_RENAMES: dict[str, str] = {"product_id": "id"}
IOS_SCREEN_FORMAT = "Screen Viewed: {}"
IOS_MAX_EVENT_BYTES = 64 * 1024
IOS_METHODS: dict[str, str] = {
    "identify": "onUserLogin:",
    "track": "recordEvent:",
    "track_props": "recordEvent:withProps:",
    "charged": "recordChargedEventWithDetails:andItems:",
}

# ------------------------------------------------------------------------------------------------------------
# react-native (RudderStack): the native integrations behind the bridge
# ------------------------------------------------------------------------------------------------------------
RN_SDK = "react-native"
RN_IOS_OS_NAMES = frozenset(("ios", "ipados", "tvos", "watchos"))  # context.os.name, lower-cased
