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
