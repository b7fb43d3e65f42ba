"""Interpreters for mapping tables: build a payload from an event by field specs, copy custom keys, stringify.

These reproduce rudder-transformer's generic helpers (`constructPayload`, `extractCustomFields`, and the
"stringify nested values" step its CleverTap code applies), written against `transformer.paths` and
`transformer.js` so any flavour can drive them with its own tables.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from . import js
from .js import OBJECT_PROTOTYPE, UNDEFINED, JSFunction, get_property, member, object_keys, truthy, valid
from .paths import UNSAFE_KEYS, Path, get, get_split, set_path, split_path
from .result import TransformError


@dataclass(frozen=True)
class Field:
    """One destination key of a mapping table.

    - `sources`: a dotted path (the raw value is taken) or a tuple of paths (first truthy, `false` or `0`).
    - `value_map`: when given, the value is replaced by its entry; a value not listed is dropped.
    - `default`: used when no value was found (null or missing).
    - `template`: Handlebars text with `{{value}}` (HTML-escaped, result trimmed).
    - `required`: no usable value → error `Missing required value from <sources as JSON>` (400).
    """

    dest: str
    sources: str | tuple[str, ...]
    required: bool = False
    default: Any = None
    template: str | None = None
    value_map: Mapping[Any, Any] | None = None
    _paths: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_paths", self.sources if isinstance(self.sources, str) else tuple(self.sources))
        if self.template is not None:
            prefix, marker, suffix = self.template.strip().partition("{{value}}")
            if not marker:
                raise ValueError(f"template of {self.dest} has no {{{{value}}}}")
            object.__setattr__(self, "_tpl", (prefix, suffix))

    def missing_message(self) -> str:
        sources = self.sources if isinstance(self.sources, str) else list(self.sources)
        return f"Missing required value from {json.dumps(sources, separators=(',', ':'))}"


_Step = tuple[str, Any, bool, bool, Field, bool, Any]
_PLANS: dict[int, tuple[Any, tuple[_Step, ...]]] = {}


def _plan(fields: Iterable[Field]) -> tuple[_Step, ...]:
    """Per table: (dest, paths, single path?, needs post-processing?, field, has a default?, the paths' splits
    for `get_split`: one, or (path, split) pairs), so the hot loop reads no attributes and splits no path."""
    hit = _PLANS.get(id(fields))
    if hit is not None and hit[0] is fields:
        return hit[1]
    plan = tuple(
        (
            f.dest,
            f._paths,
            type(f._paths) is str,
            f.template is not None or f.value_map is not None,
            f,
            truthy(f.default),
            split_path(f._paths) if type(f._paths) is str else tuple((p, split_path(p)) for p in f._paths),
        )
        for f in fields
    )
    if isinstance(fields, tuple):
        _PLANS[id(fields)] = (fields, plan)
    return plan


def construct_payload(message: Any, fields: Iterable[Field]) -> dict[str, Any]:
    """A payload with every field whose value is truthy, `false` or `0`, in table order."""
    payload: dict[str, Any] = {}
    heads: dict[str, Any] = {}  # parent objects of the paths, resolved once for this message
    plain = type(message) is dict
    for dest, paths, single, post, f, has_default, splits in _plan(fields):
        if single:
            value = get_split(message, paths, splits, heads) if plain else get(message, paths)
        else:  # first_valid, inlined: this loop is the hot path of identify
            value = None
            for p, split in splits:
                v = get_split(message, p, split, heads) if plain else get(message, p)
                if v is UNDEFINED or v is None:
                    continue
                t = type(v)
                if t is str:
                    if not v:
                        continue
                elif t is float and v != v:
                    continue
                value = v
                break
        if (value is None or value is UNDEFINED) and not has_default:
            if f.required:
                raise TransformError(f.missing_message(), 400)
            continue  # nothing found, nothing to fall back on: the common case of an absent trait
        if post or value is None or value is UNDEFINED:
            value = _finish(f, value)
            if not valid(value):
                if f.required:
                    raise TransformError(f.missing_message(), 400)
                continue
        elif single and not valid(value):
            if f.required:
                raise TransformError(f.missing_message(), 400)
            continue
        payload[dest] = value
    return payload


def _finish(f: Field, value: Any) -> Any:
    if value is None or value is UNDEFINED:
        d = f.default
        if truthy(d):
            return dict(d) if type(d) is dict else (list(d) if type(d) is list else d)
        return value
    if f.template is not None:
        prefix, suffix = f._tpl  # type: ignore[attr-defined]
        value = js.trim(prefix + js.handlebars_value(value) + suffix)
    if f.value_map is not None:
        value = f.value_map.get(value, UNDEFINED) if type(value) is str else UNDEFINED
    return value


def extract_custom_fields(
    message: Any, payload: dict[str, Any], source_paths: Iterable[str], excluded: Collection[str]
) -> dict[str, Any]:
    """Copy every non-excluded key of the objects at `source_paths` into `payload` (extractCustomFields).

    Later sources overwrite earlier ones. Keys are written with set-value rules, so a dotted key creates a
    nested object. As in rudder-transformer, the key list accumulates across sources, and each key is read with
    JavaScript's lookup: a key such as `toString` that the next source does not own still finds the inherited
    method there, whose (function) value then replaces the earlier one and is left out of the JSON. A source that
    is a string or number gives itself as the value (get-value returns a non-object target unchanged).
    """
    keys: list[str] = []
    for sp in source_paths:
        ctx = get(message, sp)
        if not truthy(ctx):
            continue
        for k in object_keys(ctx):
            if k not in excluded and k not in UNSAFE_KEYS:  # extractCustomFields skips what set-value refuses
                keys.append(k)
        if type(ctx) is dict:
            for k in keys:
                v = ctx.get(k, UNDEFINED)
                if v is UNDEFINED:
                    if k not in OBJECT_PROTOTYPE:
                        continue
                    v = JSFunction(k)
                if "9" < k[:1] < "\x80" and "." not in k and "\\" not in k and "/" not in k:
                    payload[k] = v  # set_path's plain-key case, inlined: most keys are plain
                else:
                    set_path(payload, k, v)
            continue
        is_container = type(ctx) is list
        for k in keys:
            v = get_property(ctx, k)
            if v is UNDEFINED:
                continue
            set_path(payload, k, v if is_container else ctx)
    return payload


def stringify_nested(payload: Any, exempt: Collection[str] = (), drop_functions: bool = False) -> dict[str, Any]:
    """A copy of `payload` whose object and array values are JSON text, except keys in `exempt` (copied as
    JSON.parse would hold them), in JavaScript key order, with integers beyond 2**53 as doubles.

    `drop_functions` leaves out inherited methods that custom-key copying put there (JSON.stringify would);
    keep them when an `Object.assign` still follows, since an assigned key keeps an existing key's place.
    """
    out: dict[str, Any] = {}
    if not truthy(payload):
        return out
    # a dict is read directly (the hot path); other JSON values through JavaScript's member access
    value_of = payload.__getitem__ if type(payload) is dict else partial(member, payload)
    for k in object_keys(payload):
        v = value_of(k)
        t = type(v)
        if t is dict or t is list:
            out[k] = js.stringify(v) if k not in exempt else js.from_json(v)
        elif t is int:
            out[k] = v if -_EXACT <= v <= _EXACT else js.to_double(v)
        elif t is JSFunction and drop_functions:
            continue
        else:
            out[k] = v
    return out


_EXACT = js.MAX_EXACT_INT


def drop_nulls(obj: dict[str, Any]) -> dict[str, Any]:
    """Top-level null and undefined values removed (lodash pickBy isDefinedAndNotNull)."""
    for v in obj.values():
        if v is None or v is UNDEFINED:
            return {k: v for k, v in obj.items() if v is not None and v is not UNDEFINED}
    return obj


def drop_empty_deep(value: Any) -> Any:
    """Nulls, empty objects and empty arrays removed at every level; None when nothing is left."""
    t = type(value)
    if t is list:
        items = [c for c in (drop_empty_deep(i) for i in value) if c is not None and c is not UNDEFINED]
        return items or None
    if t is dict:
        data = {}
        for k, v in value.items():
            c = drop_empty_deep(v)
            if c is not None and c is not UNDEFINED:
                data[k] = c
        return data or None
    return value


__all__ = [
    "Field",
    "Path",
    "construct_payload",
    "drop_empty_deep",
    "drop_nulls",
    "extract_custom_fields",
    "stringify_nested",
]
