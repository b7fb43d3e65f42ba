"""`POST /1/delete/profiles.json` and `POST /1/demerge/profiles.json`
(docs/clevertap-api.md#deleting-demerging-disassociating).

CleverTap deletes asynchronously; the mock deletes at once so a test can read the result back.
"""

from __future__ import annotations

from .. import model
from ..responses import ApiError, ct_json
from .common import authenticate, config, id_list, json_object, txn


def delete_profiles():
    account = authenticate()
    body = json_object()
    has_identity, has_guid = "identity" in body, "guid" in body
    if has_identity and has_guid:
        raise ApiError("Only one of identity or guid is allowed", 400)  # 400 documented; text inferred
    if not (has_identity or has_guid):
        raise ApiError("One of identity or guid is required", 400)  # inferred
    key = "identity" if has_identity else "guid"
    values = id_list(body[key], config().max_delete_ids, key)
    state = txn()
    for value in values:
        # guid is the CleverTap ID, i.e. the objectId of upload records (delete-user-profile-api page).
        guid = state.guid_for(account, "identity" if key == "identity" else "objectId", value)
        if guid is not None:
            state.delete_profile(guid)
    return ct_json({"status": "success"})


def demerge_profiles():
    """Demerge each identity: its profile's devices start over on fresh profiles, the identities, data and
    events go (see `model.demerge`)."""
    account = authenticate()
    body = json_object()
    if "identities" not in body:
        raise ApiError("'identities' is required", 400)
    values = id_list(body["identities"], config().max_demerge_identities, "identities")
    state = txn()
    for value in values:
        model.demerge(state, account, value)
    return ct_json({"status": "success"})
