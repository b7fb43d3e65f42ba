"""A stand-in for rudder-transformer's router endpoint, used by the tests' fake RudderStack server: group the router
request's items the way rudder-transformer does, run each group through this project's router, and number the
errors by the request's items. Test-only, so it lives under tests/ rather than in `contracts.rudderstack_format`.
"""

from __future__ import annotations

import json
from typing import Any


def _stable(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def router_groups(input_items: list[dict[str, Any]]) -> list[tuple[dict[str, Any], list[int]]]:
    """How rudder-transformer groups a router request before transforming: by destination ID, source job id and
    the stably-stringified Config (unless `hasDynamicConfig` is false), in order of first appearance.
    Returns [(settings, [input indexes])]."""
    groups: dict[tuple[str, str, str], tuple[dict[str, Any], list[int]]] = {}
    for i, item in enumerate(input_items):
        dest = item.get("destination") or {}
        config = dest.get("Config") or {}
        by_config = dest.get("hasDynamicConfig") is not False
        context = item.get("context")
        context = context if isinstance(context, dict) else {}
        sources = context.get("sources")
        sources = sources if isinstance(sources, dict) else {}
        key = (
            str(dest.get("ID") or "default"),
            str(sources.get("job_id") or "default"),
            _stable(config) if by_config and dest.get("Config") else "default",
        )
        if key not in groups:
            groups[key] = (config, [])
        groups[key][1].append(i)
    return list(groups.values())


def transform_router_request(router_req: dict[str, Any], transform_batch: Any) -> dict[str, Any]:
    """Run a RudderStack router request through this project's `transform_batch(events, settings)`, grouping
    as rudder-transformer does; error indexes refer to the router request's input items."""
    items = router_req["input"]
    batches: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for settings, indexes in router_groups(items):
        out = transform_batch([items[i]["message"] for i in indexes], settings)
        batches.extend(out["batches"])
        errors.extend({**e, "index": indexes[e["index"]]} for e in out["errors"])
    return {"batches": batches, "errors": errors}
