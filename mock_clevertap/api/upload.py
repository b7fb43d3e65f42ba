"""`POST /1/upload`: events, profiles and device tokens (docs/clevertap-api.md#upload-records)."""

from __future__ import annotations

import time

from flask import request

from .. import model
from ..responses import MALFORMED, ApiError, batch_result
from ..rules import RecordContext, is_plain_event, judge_record
from .common import authenticate, config, json_object, txn

# One ingest signature per record type: (state, account, record, now, seq) -> guid.
_INGEST = {
    "profile": model.ingest_profile,
    "event": model.ingest_event,
    "token": model.ingest_token,
}


def upload():
    account = authenticate()
    body = json_object()
    records = body.get("d")
    if not isinstance(records, list) or not records:
        # Not documented; inferred: the same 400 CleverTap gives for a body it cannot parse.
        raise ApiError(MALFORMED, 400)
    cfg = config()
    if len(records) > cfg.max_records:
        # Above-limit behaviour is undocumented; inferred: reject the whole request, worded like the delete
        # API's observed "Max 100 are allowed".
        raise ApiError(f"Max {cfg.max_records} are allowed", 400)
    # upload-device-tokens-api: 100 records per call. The mock's rules page reads it as a limit on token-only
    # batches (the upload API's own limit, 1000, governs mixed ones).
    if len(records) > cfg.max_token_records and all(r.__class__ is dict and r.get("type") == "token" for r in records):
        raise ApiError(f"Max {cfg.max_token_records} token records are allowed", 400)
    # dryRun=1 validates and answers exactly as a real upload but stores nothing (docs/clevertap-api.md#upload-records).
    dry_run = request.args.get("dryRun") == "1"
    now = int(time.time())
    processed = 0
    unprocessed = []
    state = txn()
    ctx = RecordContext(cfg, token_platform=lambda object_id: state.token_platform(account, object_id))
    seq_base = 0 if dry_run else state.store.next_counter("seq") * 1_000_000
    ingest_event = _INGEST["event"]
    for position, record in enumerate(records, start=1):
        # The usual event passes the shortcut (rules.plain_event) and goes straight in; anything else is judged by
        # the whole rule table.
        if is_plain_event(record, ctx):
            processed += 1
            if not dry_run:
                ingest_event(state, account, record, now, seq_base + position)
            continue
        rejection = judge_record(record, position, ctx)  # the shortcut already said no: not asked twice
        if rejection is not None:
            unprocessed.append(rejection.as_json())
            continue
        processed += 1
        if not dry_run:
            _INGEST[record["type"]](state, account, record, now, seq_base + position)
    return batch_result(processed, unprocessed)
