"""RudderStack → CleverTap (cloud mode): the whole mapping as data.

Every row below restates rudder-transformer's `src/v0/destinations/clevertap` behaviour as recorded in
`docs/rudderstack-cloud.md` (sections named in the comments). The flavour module only interprets these
tables; a reader should be able to see the full mapping here without reading control flow.

Field specs (`Field`) use rudder-transformer's `constructPayload` semantics (see `transformer/mapping.py`):
`sources` is one path (raw value) or a list of paths (first value that is truthy, `false` or `0`), then
`value_map` (values not listed are dropped), `default` (when nothing was found), `template` (Handlebars
`{{value}}`, HTML-escaped and trimmed), and `required` (error `Missing required value from <sources as JSON>`).
"""

from __future__ import annotations

from ..mapping import Field

# --- settings: endpoint per region (docs/rudderstack-cloud.md#settings) -----------------------------------------------
# `region` truthy and not "none" → `<region>.api.clevertap.com` (the value is not checked against the enum); else
# the EU default `api.clevertap.com` (hosts and paths: transformer/clevertap.py).
NO_REGION = "none"
REGIONS = {  # value → UI label
    "none": "None",
    "in1": "India",
    "sg1": "Singapore",
    "us1": "US",
    "sk1": "South Korea",
    "aps3": "Indonesia",
    "mec1": "Middle East",
}
# settings holding the two credential headers (transformer/clevertap.py writes them, then Content-Type)
ACCOUNT_SETTING = "accountId"
PASSCODE_SETTING = "passcode"

# --- generic field lists (rudder-transformer GenericFieldMapping.json) ------------------------------------------
USER_ID = ("userId", "traits.userId", "traits.id", "context.traits.userId", "context.traits.id", "anonymousId")
# "userIdOnly" has no anonymousId fallback (docs/rudderstack-cloud.md#identity-objectid-mapping-and-trackanonymous)
USER_ID_ONLY = USER_ID[:-1]
ANONYMOUS_ID = "anonymousId"
EMAIL_ONLY = ("traits.email", "context.traits.email", "properties.email")
FIRST_NAME = (
    "traits.firstName",
    "traits.firstname",
    "traits.first_name",
    "context.traits.firstName",
    "context.traits.firstname",
    "context.traits.first_name",
)
LAST_NAME = (
    "traits.lastName",
    "traits.lastname",
    "traits.last_name",
    "context.traits.lastName",
    "context.traits.lastname",
    "context.traits.last_name",
)

# --- identify → profileData (docs/rudderstack-cloud.md#identify) ------------------------------------------------------
GENDER_VALUES = {
    **{v: "F" for v in ("f", "F", "Female", "female", "FEMALE")},
    **{v: "M" for v in ("m", "M", "Male", "male", "MALE")},
}


def _traits(key: str) -> tuple[str, str]:
    return (f"traits.{key}", f"context.traits.{key}")


PROFILE_FIELDS = (
    Field("Email", EMAIL_ONLY),
    Field("Name", _traits("name")),
    Field("Phone", _traits("phone")),
    Field("Gender", _traits("gender"), value_map=GENDER_VALUES),
    Field("Employed", _traits("employed")),
    Field("DOB", _traits("birthday")),  # passed on unchanged: no date formatting (docs/rudderstack-cloud.md#identify)
    Field("Education", _traits("education")),
    Field("Married", _traits("married")),
    Field("Customer Type", _traits("customerType")),
    Field("Photo", _traits("avatar")),
)
# Name composed as "<first> <last>" when no Name was mapped and both parts are truthy.
COMPOSED_NAME_KEY = "Name"
# Custom traits come from these objects, in this order (later ones overwrite earlier ones).
CUSTOM_TRAIT_SOURCES = ("traits", "context.traits")
EXCLUDED_TRAITS = frozenset(
    (
        "email",
        "firstName",
        "firstname",
        "first_name",
        "lastName",
        "lastname",
        "last_name",
        "name",
        "phone",
        "gender",
        "education",
        "employed",
        "birthday",
        "married",
        "customerType",
        "anonymousId",
        "avatar",
        "userId",
        "id",
        "ts",
        "overrideFields",
    )
)
# Objects and arrays are JSON-stringified, except these subscription-group keys (PR #3048).
STRINGIFY_EXEMPT = frozenset(("category-unsubscribe", "category-resubscribe"))
# traits.overrideFields, else context.traits.overrideFields (the first truthy one; the two are never combined),
# merged raw (not stringified) into profileData last, overwriting anything.
OVERRIDE_KEY = "overrideFields"
# `ts` of profile records (identify, alias): first truthy of these (JavaScript `a || b`), then the ts rule
# (docs/rudderstack-cloud.md#ts).
PROFILE_TS = ("traits.ts", "context.traits.ts")

# --- track, page, screen → event record (docs/rudderstack-cloud.md#track, #page-and-screen) ---------------------------
_EVENT_DATA = Field("evtData", "properties", required=True, default={})
_EVENT_TS = Field("ts", "properties.ts")
_NAME_SOURCES = ("event", "properties.event", "name", "properties.name")
EVENT_FIELDS = {
    "track": (Field("evtName", "event", required=True), _EVENT_DATA, _EVENT_TS),
    "page": (
        Field(
            "evtName", _NAME_SOURCES, required=True, default="Web Page Viewed", template="Web Page Viewed: {{value}}"
        ),
        _EVENT_DATA,
        _EVENT_TS,
    ),
    "screen": (
        Field("evtName", _NAME_SOURCES, required=True, default="Screen Viewed", template="Screen Viewed: {{value}}"),
        _EVENT_DATA,
        _EVENT_TS,
    ),
}

# --- Order Completed → Charged (docs/rudderstack-cloud.md#order-completed--charged) -----------------------------------
# `message.event`, as text and lowercased, equal to this turns any track/page/screen into Charged.
ORDER_COMPLETED = "order completed"
# the source text V8 names in "<expression>.toString is not a function" (`get(message.event).toString()`)
EVENT_EXPRESSION = "get(...)"
CHARGED = "Charged"
CHARGED_FIELDS = (
    Field("Charged ID", "properties.checkout_id"),
    Field("Amount", "properties.revenue"),
    Field("Items", "properties.products"),
)
CHARGED_EXCLUDED = frozenset(("checkout_id", "revenue", "products", "ts"))
CHARGED_TS = "properties.ts"  # taken raw (not through the mapper)
ITEMS_KEY = "Items"

# --- device tokens (docs/rudderstack-cloud.md#device-tokens) ----------------------------------------------------------
DEVICE_TOKEN = "context.device.token"
DEVICE_OS = "context.os.name"
# lowercased context.os.name → default token type; any other OS sends no token record
OS_TOKEN_TYPE = {"android": "fcm", "ios": "apns", "watchos": "apns", "ipados": "apns", "tvos": "apns"}
ALLOWED_TOKEN_TYPES = frozenset(("chrome", "fcm", "gcm", "apns", "wns", "mpns"))
# integrations.<name> for this destination: the first truthy one is used
INTEGRATION_NAMES = ("clevertap", "Clevertap", "CleverTap", "CLEVERTAP")
TOKEN_TYPE_OPTION = "deviceTokenType"
CHROME_KEYS_OPTION = "chromeKeys"

# --- message types (docs/rudderstack-cloud.md#settings, #errors) ------------------------------------------------------
# lowercased message.type → kind of record
MESSAGE_KINDS = {"identify": "identify", "alias": "alias", "track": "track", "page": "page", "screen": "screen"}
EVENT_KINDS = frozenset(("track", "page", "screen"))

# --- router batching, user deletion (docs/rudderstack-cloud.md#router-batch, #user-deletion) --------------------------
MAX_BATCH_SIZE = 1000
# Router input whose message has a truthy statusCode is already transformed: its `body.JSON.d[0]` is batched.
STATUS_CODE_KEY = "statusCode"
PASSTHROUGH_PATH = ("body", "JSON")
DELETE_BATCH_SIZE = 100

# --- errors: (message, status) exactly as rudder-transformer reports them (docs/rudderstack-cloud.md#errors) ----------
ERRORS = {
    "no_type": ("Message Type is not present. Aborting message.", 400),
    "unsupported_type": ("Message type not supported", 400),
    "anonymous": ("userId, not present cannot track anonymous user", 400),
    "no_ids": ("Unable to process without anonymousId or userId", 400),
    "products": ("Products property value must be an array of objects", 400),
    "no_payload": ("Payload could not be constructed", 400),
    "delete_config": ("Project ID and Passcode is required for delete user", 400),
    "delete_not_array": ("userAttributes is not an array", 400),
    # rudder-transformer's body parser (@hapi/bourne through koa-bodyparser) refuses any own "__proto__" key
    "forbidden_proto": ("Object contains forbidden prototype property", 400),
}
# Plain JavaScript exceptions (TypeError, SyntaxError) surface with their own text and status 500.
JS_ERROR_STATUS = 500
