"""Where a record carries its user: CleverTap `identity` and `objectId`, as decision tables.

A table maps (anonymousId present?, userId present?) to the placements to write, each placement being
(record key, which id). `profileData.identity` is a nested placement. A row whose value is an error key means
the event cannot be sent. Flavours pass their own tables; the RudderStack ones follow
docs/rudderstack-cloud.md#identity-objectid-mapping-and-trackanonymous (the code, where the public docs disagree).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .js import truthy

Placement = tuple[str, str]  # (record key or "profileData.identity", "anonymousId" | "userId")
IdTable = Mapping[tuple[bool, bool], "Sequence[Placement] | str"]

# enableObjectIdMapping on, identify
RUDDERSTACK_IDENTIFY_OBJECT_ID: IdTable = {
    (True, True): (("objectId", "anonymousId"), ("profileData.identity", "userId")),
    (True, False): (("objectId", "anonymousId"),),
    (False, True): (("identity", "userId"),),
    (False, False): (),  # neither key is sent (probed)
}

# enableObjectIdMapping on, track / page / screen: with an anonymousId the userId is not sent at all
RUDDERSTACK_EVENT_OBJECT_ID: IdTable = {
    (True, True): (("objectId", "anonymousId"),),
    (True, False): (("objectId", "anonymousId"),),
    (False, True): (("identity", "userId"),),
    (False, False): "no_ids",
}


def place_ids(record: dict[str, Any], table: IdTable, anonymous_id: Any, user_id: Any) -> str | None:
    """Write the ids into `record` as the table says (present = truthy); return an error key or None."""
    row = table[(truthy(anonymous_id), truthy(user_id))]
    if isinstance(row, str):
        return row
    for key, which in row:
        value = anonymous_id if which == "anonymousId" else user_id
        if key == "profileData.identity":
            record["profileData"]["identity"] = value
        else:
            record[key] = value
    return None
