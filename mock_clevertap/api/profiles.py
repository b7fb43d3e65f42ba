"""`GET /1/profile.json`: one profile by identity, email or objectId (docs/clevertap-api.md#reading-profiles)."""

from __future__ import annotations

from flask import request

from ..responses import ApiError, ct_json
from .common import authenticate, config, store

# query parameter -> key kind in the store's index
_LOOKUPS = {"identity": "identity", "email": "email", "objectId": "objectId"}


def get_profile():
    account = authenticate()
    given = [(name, request.args[name]) for name in _LOOKUPS if request.args.get(name)]
    if len(given) != 1:
        raise ApiError("Exactly one of identity, email or objectId is required", 400)
    name, value = given[0]
    st = store()
    guid = st.find_guid(account, _LOOKUPS[name], value)
    record = st.profile_view(guid) if guid else None
    if record is None:
        # Undocumented; inferred: CleverTap reports most failures as HTTP 200 with status fail.
        return ct_json({"status": "fail", "error": "Profile not found", "code": 404}, config().profile_not_found_status)
    record.pop("account", None)
    return ct_json({"status": "success", "record": record})
