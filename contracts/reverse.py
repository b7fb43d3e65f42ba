"""Running reverse-flow goldens (CleverTap -> Segment): flavour `clevertap-export`.

Such a golden's `input` is a list of download-API pages `{"event_name": ..., "records": [...]}` (the Get Events
or Get User Profiles records of one query), its `settings` are `segment_export.ExportSettings` fields plus
`write_key`, and its `expected` (with `"batch": true`) is what `segment_export.export.simulate` returns: the
Tracking API requests the export sends, the records skipped and the messages dropped, each with its reason.
Only this project's export simulation runs them; other peers report them as unsupported.
"""

from __future__ import annotations

from typing import Any

from segment_export.export import simulate
from segment_export.settings import ExportSettings

REVERSE_FLAVOR = "clevertap-export"


def run_reverse(pages: list[Any], settings: dict[str, Any]) -> dict[str, Any]:

    options = dict(settings)
    write_key = options.pop("write_key", None)
    if not isinstance(write_key, str) or not write_key:
        raise ValueError("a clevertap-export golden's settings need 'write_key'")
    parsed = []
    for page in pages:
        if not isinstance(page, dict) or not isinstance(page.get("records"), list):
            raise ValueError('each input item of a clevertap-export golden is {"event_name": ..., "records": [...]}')
        parsed.append((page.get("event_name"), page["records"]))
    return simulate(parsed, ExportSettings.from_mapping(options), write_key)
