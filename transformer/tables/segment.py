"""Segment → CleverTap mapping tables, as data (docs/segment-cloud.md; section numbers refer to it).

Every flavour module reads its mapping from here, so the whole mapping of a mode is visible without reading
control flow. Entries marked INFERRED are this project's choices where Segment's code is closed or its docs are
silent; the golden contracts under contracts/goldens/segment/ pin each of them with a `source` note.
"""

from __future__ import annotations

import re
from typing import Any

from ..clevertap import DELETE_PROFILES_PATH, UPLOAD_PATH

# ---------------------------------------------------------------------------------------------------------------
# Classic cloud mode (docs/segment-cloud.md, [DOC] + [INFERRED])
# ---------------------------------------------------------------------------------------------------------------

# Key transform applied to trait and property keys ("lower case and snake_case", docs/segment-cloud.md#key-casing).
# Swappable by name.
CLOUD_CASING = "to-snake-case"

# Segment special trait (after key casing) -> CleverTap system profile key (docs/segment-cloud.md#identify). Exempt
# from casing.
CLOUD_SPECIAL_TRAITS = {
    "name": "Name",
    "birthday": "DOB",
    "avatar": "Photo",
    "gender": "Gender",
    "phone": "Phone",
    "email": "Email",
}

# Gender values CleverTap's API accepts are M/F (docs/clevertap-api.md#profile-records). INFERRED: normalise the
# obvious spellings, pass anything else through unchanged (CleverTap may answer 514 for it).
# Also the iOS wrapper's table (lower-cased value -> CleverTap Gender); Android upper-cases instead (ANDROID_GENDER).
GENDER_M_F = {"m": "M", "male": "M", "f": "F", "female": "F"}

# Event names (docs/segment-cloud.md#order-completed--charged, #page-and-screen). Order Completed matched exactly
# (case-sensitive), as Android and iOS do (INFERRED).
CLOUD_ORDER_COMPLETED = "Order Completed"
CLOUD_CHARGED_EVENT = "Charged"
CLOUD_PAGE_EVENT = "Web Page Viewed"
CLOUD_SCREEN_EVENT = "App Screen Viewed"

# Charged fields (docs/segment-cloud.md#order-completed--charged, INFERRED): CleverTap key -> ordered source
# property keys (raw keys).
CLOUD_CHARGED_AMOUNT_FROM = ("total", "revenue")
CLOUD_CHARGED_ID_FROM = ("order_id", "orderId")
CLOUD_CHARGED_ITEMS_FROM = "products"
CHARGED_MAX_ITEMS = 50  # CleverTap SDK limit (code 522); cloud mode refuses more (docs/segment-cloud.md#errors)

# Calls the classic cloud integration does not handle (docs list identify, track, page, screen).
CLOUD_UNSUPPORTED = {
    "alias": "alias is not supported by the CleverTap cloud-mode destination (docs: device-mode web only)",
    "group": "group is not supported by the CleverTap destination",
}

# Push tokens (docs/segment-cloud.md#push-tokens, INFERRED): OS name (lower-cased) -> CleverTap token type.
TOKEN_TYPE_BY_OS = {
    "ios": "apns",
    "iphone os": "apns",
    "ipados": "apns",
    "tvos": "apns",
    "watchos": "apns",
    "macos": "apns",
    "mac os x": "apns",
    "android": "fcm",
}

# Region setting -> CleverTap region (docs/clevertap-api.md#hosts-and-regions; the host is transformer/clevertap.py's).
# The Segment catalog stores values like "in." (trailing period, docs/segment-cloud.md#settings-and-regions); every "."
# and surrounding blank is removed first. Empty / "none" -> None, the default (EU) cluster.
CLOUD_REGIONS: dict[str, str | None] = {
    "": None,
    "none": None,
    "eu1": "eu1",
    "in1": "in1",
    "us1": "us1",
    "sg1": "sg1",
    "aps3": "aps3",
    "mec1": "mec1",
    "sk1": "sk1",
    # INFERRED: legacy region labels of the catalog ("in." built in.api.clevertap.com) -> current clusters.
    "in": "in1",
    "eu": None,
}

# Settings names: this project's names first, then Segment's catalog names (docs/segment-cloud.md#settings-and-regions).
SETTING_ACCOUNT_ID = ("accountId", "clevertap_account_id")
SETTING_PASSCODE = ("passcode", "clevertap_passcode")
SETTING_ACCOUNT_TOKEN = ("accountToken", "clevertap_account_token")
# Android/iOS device mode: the anonymousId the SDK's storage holds when the event has none (a harness setting,
# not a CleverTap one; docs/segment-device-mobile.md "The anonymousId").
SETTING_ANONYMOUS_ID = "anonymousId"
SETTING_REGION = ("region",)

# ---------------------------------------------------------------------------------------------------------------
# Device modes (docs/segment-device.md: #web, #android, #ios) [CODE]
# ---------------------------------------------------------------------------------------------------------------

# Web: facade trait aliases in the integration's order (docs/segment-device.md#web).
WEB_TRAIT_ALIASES = (
    ("id", "Identity"),
    ("name", "Name"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("gender", "Gender"),
    ("birthday", "DOB"),
    ("avatar", "Photo"),
)
# Web: track -> Charged routing regex of analytics.js-integration (analytics-events `orderCompleted`,
# docs/segment-device.md#web); JavaScript's `$` (no m flag) is the very end, Python's `\Z`.
WEB_ORDER_COMPLETED = re.compile(r"^[ _]?completed[ _]?order[ _]?|^[ _]?order[ _]?completed[ _]?\Z", re.IGNORECASE)
# Web: the integration's `track.properties({order_id: 'Charged ID', products: 'Items'})`.
WEB_CHARGED_ALIASES = (("order_id", "Charged ID"), ("products", "Items"))
WEB_CHARGED_MAX_ITEMS = 50  # the CleverTap web SDK reports more (522) but still sends
# Web: the browser's time zone (isodate reads "YYYY-MM-DD hh:mm" as local time) and the analytics.js generation.
WEB_TIMEZONE_DEFAULT = "UTC"
WEB_LIBRARIES = ("analytics.js", "analytics-next")
WEB_LIBRARY_DEFAULT = "analytics.js"

# Android: exact-key renames (raw key removed) (docs/segment-device.md#android).
ANDROID_TRAIT_RENAMES = {"phone": "Phone", "name": "Name", "email": "Email", "birthday": "DOB"}
ANDROID_GENDER = {"M": "M", "MALE": "M", "F": "F", "FEMALE": "F"}  # key: value.upper()

# iOS: added keys (raw keys kept) (docs/segment-device.md#ios).

# Exact event name that becomes Charged on the mobile SDK wrappers.
MOBILE_ORDER_COMPLETED = "Order Completed"

# SDK method names per platform (the `method` of a device-mode call).
SDK_METHODS = {
    "web": {
        "identify": "onUserLogin.push",
        "alias": "profile.push",
        "track": "event.push",
        "charged": "event.push",
    },
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

# Segment message types: the ones every device wrapper silently ignores produce no call.
SEGMENT_TYPES = ("identify", "track", "page", "screen", "alias", "group")

# ---------------------------------------------------------------------------------------------------------------
# CleverTap (Actions) (docs/segment-actions.md#presets-and-actions) [CODE]
# ---------------------------------------------------------------------------------------------------------------

ACTIONS_ENDPOINTS = (
    "https://sk1.api.clevertap.com",
    "https://eu1.api.clevertap.com",
    "https://us1.api.clevertap.com",
    "https://sg1.api.clevertap.com",
    "https://in1.api.clevertap.com",
)
ACTIONS_DEFAULT_ENDPOINT = "https://sk1.api.clevertap.com"

# Action fields: name -> (JSON type, required), in the order the action defines them.
ACTIONS_FIELDS = {
    "userUpload": {"ts": ("string", False), "profileData": ("object", False), "identity": ("string", True)},
    "userDelete": {"identity": ("string", True)},
}
ACTIONS_DEFAULT_MAPPINGS: dict[str, dict[str, Any]] = {
    "userUpload": {
        "ts": {"@path": "$.timestamp"},
        "profileData": {"@path": "$.properties"},
        "identity": {"@path": "$.userId"},
    },
    "userDelete": {"identity": {"@path": "$.userId"}},
}
# The destination's presets (type automatic) = the default subscriptions.
ACTIONS_PRESETS = (
    {"name": "Event Name is Delete User", "partnerAction": "userDelete", "subscribe": 'event = "Delete User"'},
    {"name": "Event Type is Identify", "partnerAction": "userUpload", "subscribe": 'type = "identify"'},
)
ACTIONS_PATHS = {"userUpload": UPLOAD_PATH, "userDelete": DELETE_PROFILES_PATH}

# ---------------------------------------------------------------------------------------------------------------
# The casing table (docs/segment-cloud.md#key-casing), both candidate algorithms (measured with to-snake-case 1.0.0
# and lodash.snakecase 4.1.1).
# input key -> (to-snake-case, lodash snakeCase). Rows where they differ are INFERRED for Segment's cloud mode.
# ---------------------------------------------------------------------------------------------------------------
CASING_TABLE = (
    ("firstName", "first_name", "first_name"),
    ("First Name", "first_name", "first_name"),
    ("FIRST_NAME", "first_name", "first_name"),
    ("Industry Of Traits", "industry_of_traits", "industry_of_traits"),
    ("first-name", "first_name", "first_name"),
    ("Plan:Type", "plan_type", "plan_type"),
    ("  padded  key ", "padded_key", "padded_key"),
    ("Order ID", "order_id", "order_id"),
    ("orderId", "order_id", "order_id"),
    ("order_id", "order_id", "order_id"),
    ("numberOfItems", "number_of_items", "number_of_items"),
    ("$set", "set", "set"),
    ("__private", "private", "private"),
    ("revenue$", "revenue", "revenue"),
    ("a__b", "a_b", "a_b"),
    ("userID", "user_i_d", "user_id"),
    ("isVIP", "is_v_i_p", "is_vip"),
    ("HTTPServer", "h_t_t_p_server", "http_server"),
    ("address2", "address2", "address_2"),
    ("order2Id", "order2_id", "order_2_id"),
    ("abc123Def", "abc123_def", "abc_123_def"),
    ("123abc", "123abc", "123_abc"),
    ("user.firstName", "user_firstname", "user_first_name"),
    ("camelCase_with_underscore", "camelcase_with_underscore", "camel_case_with_underscore"),
    ("iPhone Model", "iphone_model", "i_phone_model"),
    ("déjà vu", "d_j_vu", "deja_vu"),
    ("E-mail", "e_mail", "e_mail"),
)
