"""actions-core's mapping-kit: how a Segment Actions subscription's `mapping` turns an event into an action payload.

Behaviour learned from `@segment/actions-core` 3.170.0 (`dist/cjs/mapping-kit/index.js`, `validate.js`, `get.js`,
`placeholders.js`, `flatten.js`; the version `@segment/action-destinations` 3.387.0 installs) and checked against it
by `tests/transformer/test_mapping_kit.py` (docs/segment-actions.md#custom-mappings):

- a mapping is validated first (one `@` key per directive, each directive's options typed), then resolved against the
  event, then cleaned of undefined values;
- directives: `@path`, `@template`, `@literal`, `@if`, `@case`, `@replace`, `@arrayPath`, `@json`, `@flatten`,
  `@merge`, `@transform`, `@excludeWhenNull`. `@liquid` (a Liquid template engine) is not modelled: it fails with
  a message saying so;
- a directive that throws while resolving fails the event with its own message (status 500, as actions-core's
  error reaches the caller). A mapping that fails validation is refused with the first validation message
  (actions-core aggregates them with its stack traces, which no other program can reproduce).

Values follow JavaScript (`transformer/js.py`): truthiness, `==` against "", `String()`, `JSON.stringify`,
`String.prototype.replace` with its `$` patterns.
"""

from __future__ import annotations

import re
from typing import Any

from . import js
from .js import UNDEFINED
from .paths import get_chain
from .result import TransformError

MAX_PATTERN_LENGTH = 10
MAX_REPLACEMENT_LENGTH = 10
ROOT_MAPPING_FIELD_KEY = "__segment_internal_directive"


class MappingError(TransformError):
    """An Error thrown by mapping-kit: it reaches the caller as a 500 with its message."""

    def __init__(self, message: str) -> None:
        super().__init__(message, 500)


def _is_object(value: Any) -> bool:
    return type(value) is dict


def is_directive(value: Any) -> bool:
    if type(value) is not dict:
        return False
    keys = list(value)
    if not any(k.startswith("@") for k in keys):
        return False
    return all(k.startswith("@") or k == "_metadata" for k in keys)


def _drop_root_marker(path: str) -> str:
    return path.replace("$.", "", 1)


# --- validation ---------------------------------------------------------------------------------------------------
class _Invalid(Exception):
    def __init__(self, message: str, stack: list[str]) -> None:
        super().__init__(f"/{'/'.join(stack)} {message}.")


def _type_or_directive(value: Any) -> str:
    kind = js.real_type(value)
    if kind == "object" and type(value) is dict and any(k.startswith("@") for k in value):
        return "directive"
    return kind


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _validate(mapping: Any, stack: list[str]) -> None:
    kind = _type_or_directive(mapping)
    if kind == "directive":
        _validate_directive(mapping, stack)
    elif kind == "object":
        _validate_object(mapping, stack)


def _validate_directive(obj: Any, stack: list[str]) -> None:
    keys = js.object_keys(obj)
    directive_keys = [k for k in keys if k.startswith("@")]
    if len(directive_keys) > 1:
        raise _Invalid(f"should only have one @-prefixed key but it has {len(directive_keys)} keys", stack)
    if any(not k.startswith("@") and k != "_metadata" for k in keys):
        raise _Invalid(f"should only have one @-prefixed key but it has {len(keys)} keys", stack)
    name = directive_keys[0]
    check = _OPTION_CHECKS.get(name)
    if check is None:
        raise _Invalid(f"has an invalid directive: {name}", stack)
    check(obj[name], [*stack, name])


def _validate_object(obj: Any, stack: list[str]) -> None:
    for key in js.object_keys(obj):
        _validate(obj[key], [*stack, key])


def _raw_or_directive(value: Any, stack: list[str]) -> None:
    kind = _type_or_directive(value)
    if kind == "directive":
        _validate_directive(value, stack)
    elif kind not in ("object", "array", "boolean", "string", "number", "null"):
        raise _Invalid(f"should be a mapping directive or a JSON value but it is {_article(kind)} {kind}", stack)


def _string_or_directive(value: Any, stack: list[str]) -> None:
    kind = _type_or_directive(value)
    if kind == "directive":
        _validate_directive(value, stack)
    elif kind != "string":
        raise _Invalid(f"should be a string or a mapping directive but it is {_article(kind)} {kind}", stack)


def _object_or_directive(value: Any, stack: list[str]) -> None:
    kind = _type_or_directive(value)
    if kind == "directive":
        _validate_directive(value, stack)
    elif kind == "object":
        _validate_object(value, stack)
    else:
        raise _Invalid(f"should be a object or a mapping directive but it is {_article(kind)} {kind}", stack)


def _string(value: Any, stack: list[str]) -> None:
    kind = _type_or_directive(value)
    if kind != "string":
        raise _Invalid(f"should be a string but it is {_article(kind)} {kind}", stack)


def _boolean(value: Any, stack: list[str]) -> None:
    kind = _type_or_directive(value)
    if kind != "boolean":
        raise _Invalid(f"should be a boolean but it is {_article(kind)} {kind}", stack)


def _array(value: Any, stack: list[str]) -> None:
    kind = js.real_type(value)
    if kind != "array":
        raise _Invalid(f"should be an array but it is {_article(kind)} {kind}", stack)


def _length(low: int, high: int) -> Any:
    def check(value: Any, stack: list[str]) -> None:
        if type(value) is str and js.utf16_len(value) < low:
            raise _Invalid(f"should be a string of length {low} or greater", stack)
        if type(value) is str and js.utf16_len(value) > high:
            raise _Invalid(f"should be a string of length {high} or less", stack)

    return check


def _one_of(*allowed: str) -> Any:
    def check(value: Any, stack: list[str]) -> None:
        _string(value, stack)
        if value.lower() not in allowed:
            raise _Invalid(f"should be one of {', '.join(allowed)} but it is {js.stringify(value)}", stack)

    return check


def _all(*checks: Any) -> Any:
    def check(value: Any, stack: list[str]) -> None:
        for one in checks:
            one(value, stack)

    return check


def _fields(spec: dict[str, tuple[bool, Any]]) -> Any:
    """An options object with these fields: name -> (required, check)."""

    def check(value: Any, stack: list[str]) -> None:
        kind = _type_or_directive(value)
        if kind != "object":
            raise _Invalid(f"should be an object but it is {_article(kind)} {kind}", stack)
        directive = next((k for k in js.object_keys(value) if k[:1] == "@"), None)
        if directive is not None:
            raise _Invalid(f"shouldn't have directive (@-prefixed) keys but it has {js.stringify(directive)}", stack)
        _validate_object(value, stack)
        for name, (required, field_check) in spec.items():
            given = js.get_property(value, name)
            if given is UNDEFINED:
                if required:
                    raise _Invalid(f"should have field {js.stringify(name)} but it doesn't", stack)
                continue
            field_check(given, [*stack, name])

    return check


def _array_path_options(value: Any, stack: list[str]) -> None:
    _array(value, stack)
    _string_or_directive(value[0] if value else UNDEFINED, stack)
    _validate(value[1] if len(value) > 1 else UNDEFINED, stack)


def _merge_options(value: Any, stack: list[str]) -> None:
    _fields({"direction": (False, _one_of("left", "right")), "objects": (True, _array)})(value, stack)
    for obj in value["objects"]:
        _object_or_directive(obj, [])


_OPTION_CHECKS: dict[str, Any] = {
    "@if": _fields(
        {"exists": (False, _raw_or_directive), "then": (False, _raw_or_directive), "else": (False, _raw_or_directive)}
    ),
    "@case": _fields({"operator": (False, _string), "value": (False, _string_or_directive)}),
    "@replace": _fields(
        {
            "pattern": (True, _all(_string, _length(1, MAX_PATTERN_LENGTH))),
            "replacement": (False, _all(_string, _length(0, MAX_REPLACEMENT_LENGTH))),
            "value": (True, _string_or_directive),
            "ignorecase": (False, _boolean),
            "global": (False, _boolean),
        }
    ),
    "@arrayPath": _array_path_options,
    "@path": _string_or_directive,
    "@json": _fields({"value": (True, _raw_or_directive), "mode": (True, _one_of("encode", "decode"))}),
    "@flatten": _fields({"separator": (False, _string), "value": (True, _raw_or_directive)}),
    "@merge": _merge_options,
    "@template": _string_or_directive,
    "@literal": _raw_or_directive,
    "@transform": _fields({"apply": (True, _object_or_directive), "mapping": (True, _object_or_directive)}),
    "@excludeWhenNull": _raw_or_directive,
    "@liquid": _string,
}


def _plain_path(value: Any) -> bool:
    """`{"@path": "<text>"}`, the shape of every preset field: valid, and resolved by one look-up."""
    return type(value) is dict and len(value) == 1 and type(value.get("@path")) is str


def _plain(mapping: Any) -> bool:
    """A mapping of JSON scalars and plain `@path` directives (the presets' shape): valid, and what it resolves to
    holds undefined only at its top level."""
    return type(mapping) is dict and all(
        _plain_path(v) or type(v) in (str, int, float, bool) or v is None for v in mapping.values()
    )


def validate(mapping: Any) -> None:
    """Raise `MappingError` (500, as actions-core's AggregateError reaches the caller) with the first of its
    validation messages, if any."""
    if _plain(mapping):
        return
    try:
        _validate(mapping, [])
    except _Invalid as exc:
        raise MappingError(f"ValidationError: {exc}") from None


# --- resolving ----------------------------------------------------------------------------------------------------
def _string_arg(name: str, value: Any, payload: Any) -> str:
    text = resolve(value, payload)
    if type(text) is not str:
        raise MappingError(f"{name}: expected string, got {js.real_type(text)}")
    return text


def _loosely_empty(value: Any) -> bool:
    """`value == ''` in JavaScript (value neither null nor undefined)."""
    if type(value) is str:
        return value == ""
    if type(value) is bool:
        return not value
    if type(value) in (int, float):
        return value == 0
    # an object or array is first made a primitive: its text, which throws for an object owning `toString`
    return js.to_string(value) == ""


def _if(opts: Any, payload: Any) -> Any:
    if not _is_object(opts):
        raise MappingError('@if requires an object with an "exists" key')
    exists, blank = js.get_property(opts, "exists"), js.get_property(opts, "blank")
    condition = False
    if not js.truthy(exists) and not js.truthy(blank):
        raise MappingError('@if requires an "exists" key or a "blank" key')
    if exists is not UNDEFINED:
        value = resolve(exists, payload)
        condition = value is not UNDEFINED and value is not None
    elif blank is not UNDEFINED:
        value = resolve(blank, payload)
        condition = value is not UNDEFINED and value is not None and not _loosely_empty(value)
    then, otherwise = js.get_property(opts, "then"), js.get_property(opts, "else")
    if condition and then is not UNDEFINED:
        return resolve(then, payload)
    if not condition and js.truthy(otherwise):
        return resolve(otherwise, payload)
    return UNDEFINED


def _case(opts: Any, payload: Any) -> Any:
    if not _is_object(opts):
        raise MappingError('@case requires an object with a "operator" key')
    operator = js.get_property(opts, "operator")
    if not js.truthy(operator):
        raise MappingError('@case requires a "operator" key')
    given = js.get_property(opts, "value")
    if not js.truthy(given):
        return UNDEFINED
    value = resolve(given, payload)
    if type(value) is str:
        if operator == "lower":
            return value.lower()
        if operator == "upper":
            return value.upper()
        raise MappingError('operator key should have a value of "lower" or "upper"')
    return value


def _js_replace(value: str, pattern: str, replacement: str, flags: str) -> str:
    """`value.replace(new RegExp(escaped pattern, flags), replacement)`: a literal search (mapping-kit escapes the
    pattern), every match or the first, and the replacement's `$$`, `$&`, `` $` ``, `$'` patterns expanded."""
    if js.utf16_len(pattern) > MAX_PATTERN_LENGTH:
        raise MappingError(f'@replace requires a "pattern" less than {MAX_PATTERN_LENGTH} characters')
    if js.utf16_len(replacement) > MAX_REPLACEMENT_LENGTH:
        raise MappingError(f'@replace requires a "replacement" less than {MAX_REPLACEMENT_LENGTH} characters')
    regex = re.compile(re.escape(pattern), re.IGNORECASE if "i" in flags else 0)

    def expand(match: re.Match[str]) -> str:
        out, i = [], 0
        while i < len(replacement):
            char = replacement[i]
            nxt = replacement[i + 1] if i + 1 < len(replacement) else ""
            if char == "$" and nxt == "$":
                out.append("$")
            elif char == "$" and nxt == "&":
                out.append(match.group(0))
            elif char == "$" and nxt == "`":
                out.append(value[: match.start()])
            elif char == "$" and nxt == "'":
                out.append(value[match.end() :])
            else:
                out.append(char)
                i += 1
                continue
            i += 2
        return "".join(out)

    return regex.sub(expand, value, count=0 if "g" in flags else 1)


def _replace(opts: Any, payload: Any) -> Any:
    if not _is_object(opts):
        raise MappingError('@replace requires an object with a "pattern" key')
    pattern = js.get_property(opts, "pattern")
    if not js.truthy(pattern):
        raise MappingError('@replace requires a "pattern" key')

    def option(name: str, default: Any) -> Any:
        value = js.get_property(opts, name)
        return default if value is UNDEFINED or value is None else value

    replacement, ignorecase, is_global = option("replacement", ""), option("ignorecase", False), option("global", True)
    pattern2 = js.get_property(opts, "pattern2")
    replacement2 = option("replacement2", "") if js.truthy(pattern2) else js.get_property(opts, "replacement2")
    given = js.get_property(opts, "value")
    if not js.truthy(given):
        return UNDEFINED
    value = resolve(given, payload)
    if type(value) in (bool, int, float):
        value = js.to_string(value)
    if not (
        type(value) is str
        and type(pattern) is str
        and type(replacement) is str
        and type(ignorecase) is bool
        and type(is_global) is bool
    ):
        return ""
    flags = ("g" if is_global else "") + ("i" if ignorecase else "")
    out = _js_replace(value, pattern, replacement, flags)
    if js.truthy(pattern2) and type(pattern2) is str and type(replacement2) is str:
        out = _js_replace(out, pattern2, replacement2, flags)
    return out


def _array_path(data: Any, payload: Any) -> Any:
    if type(data) is not list:
        raise MappingError(f"@arrayPath expected array, got {js.real_type(data)}")
    path = data[0] if data else UNDEFINED
    shape = data[1] if len(data) > 1 else UNDEFINED
    root = get_chain(payload, _drop_root_marker(path)) if type(path) is str else resolve(path, payload)
    if js.real_type(root) in ("object", "array") and type(shape) is dict and shape:
        items = root if type(root) is list else [root]
        return [resolve(shape, item) for item in items]
    return root


def _template(template: str, payload: Any) -> str:
    """mapping-kit's `render`: `{{{path}}}` then `{{path}}` replaced by the value there (`String()` of it; nothing
    for null or undefined)."""

    def placeholder(chars: int) -> Any:
        def fill(match: re.Match[str]) -> str:
            value = get_chain(payload, js.trim(match.group(0)[chars:-chars]))
            return "" if value is None or value is UNDEFINED else js.to_string(value)

        return fill

    text = re.sub(r"\{\{\{([^}]+)\}\}\}", placeholder(3), template)
    return re.sub(r"\{\{([^}]+)\}\}", placeholder(2), text)


def _flatten_value(value: Any, prefix: str, separator: str, omit_arrays: bool) -> dict[str, Any]:
    if type(value) is dict or (not omit_arrays and type(value) is list):
        out: dict[str, Any] = {}
        for key, item in js.own_entries(value):
            out.update(_flatten_value(item, f"{prefix}{separator}{key}" if prefix else key, separator, omit_arrays))
        return out
    return {prefix: value}


def _flatten(opts: Any, payload: Any) -> Any:
    if not _is_object(opts):
        raise MappingError('@flatten requires an object with a "separator" key')
    if not js.truthy(js.get_property(opts, "separator")):
        raise MappingError('@flatten requires a "separator" key')
    separator = resolve(opts["separator"], payload)
    if type(separator) is not str:
        raise MappingError("@flatten requires a string separator")
    value = resolve(js.get_property(opts, "value"), payload)
    return _flatten_value(value, "", separator, js.truthy(js.get_property(opts, "omitArrays")))


def _json(opts: Any, payload: Any) -> Any:
    if not _is_object(opts):
        raise MappingError('@json requires an object with a "value" key')
    mode = js.get_property(opts, "mode")
    if not js.truthy(mode):
        raise MappingError('@json requires a "mode" key')
    if not js.truthy(js.get_property(opts, "value")):
        raise MappingError('@json requires a "value" key')
    value = resolve(opts["value"], payload)
    if mode == "encode":
        return js.stringify(value)
    if mode == "decode":
        if type(value) is str:
            try:
                return js.parse(value)
            except js.JSONParseError:
                return value
        return value
    return UNDEFINED


def _assign_into(target: dict[str, Any], source: Any) -> None:
    """`Object.assign(target, source)` for one JSON source: its own enumerable entries (a string's by UTF-16 unit,
    numbers and null none); a `__proto__` key sets the prototype instead of copying."""
    for key, value in js.own_entries(source):
        if key != js.PROTO_KEY:
            target[key] = value


def _merge(opts: Any, payload: Any) -> Any:
    if not _is_object(opts):
        raise MappingError('@merge requires an object with an "objects" key and a "direction" key')
    if not js.truthy(js.get_property(opts, "direction")):
        raise MappingError('@merge requires a "direction" key')
    direction = resolve(opts["direction"], payload)
    objects = js.get_property(opts, "objects")
    if not js.truthy(objects):
        raise MappingError('@merge requires a "objects" key')
    if type(objects) is not list:
        raise MappingError(f"@merge: expected opts.array, got {js.typeof(objects)}")
    resolved = [resolve(v, payload) for v in objects]
    if direction == "left":
        resolved.reverse()
    out: dict[str, Any] = {}
    for source in resolved:
        _assign_into(out, source)
    return {k: out[k] for k in js.js_key_order(list(out))}


def _transform_directive(opts: Any, payload: Any) -> Any:
    if not _is_object(opts):
        raise MappingError('@transform requires an object with an "apply" key and a "mapping" key')
    if not js.truthy(js.get_property(opts, "mapping")):
        raise MappingError('@transform requires a "mapping" key')
    apply = js.get_property(opts, "apply")
    if not js.truthy(apply):
        raise MappingError('@transform requires a "apply" key')
    if not _is_object(apply):
        raise MappingError('@transform "apply" key should be an object')
    return resolve(opts["mapping"], transform(apply, payload))


def _clean_nulls(value: Any) -> Any:
    if type(value) is not dict:
        return value
    cleaned = {}
    for key in js.object_keys(value):
        if key == js.PROTO_KEY:
            continue  # Object.assign sets the prototype instead of copying the key
        item = value[key]
        cleaned[key] = UNDEFINED if item is None else _clean_nulls(item)
    return cleaned


def _exclude_when_null(value: Any, payload: Any) -> Any:
    resolved = resolve(value, payload)
    return UNDEFINED if resolved is None else _clean_nulls(resolved)


def _liquid(opts: Any, payload: Any) -> Any:
    raise MappingError("@liquid is not supported by clevertap-harness (a Liquid template engine is not modelled)")


_DIRECTIVES = {
    "@if": _if,
    "@case": _case,
    "@replace": _replace,
    "@arrayPath": _array_path,
    "@path": lambda value, payload: get_chain(payload, _drop_root_marker(_string_arg("@path", value, payload))),
    "@template": lambda value, payload: _template(_string_arg("@template", value, payload), payload),
    "@literal": lambda value, payload: resolve(value, payload),
    "@flatten": _flatten,
    "@json": _json,
    "@merge": _merge,
    "@transform": _transform_directive,
    "@excludeWhenNull": _exclude_when_null,
    "@liquid": _liquid,
}


def resolve(mapping: Any, payload: Any) -> Any:
    """mapping-kit's `resolve`: directives run, objects and arrays resolved member by member, anything else as is."""
    t = type(mapping)
    if t is dict:
        if _plain_path(mapping):
            return get_chain(payload, _drop_root_marker(mapping["@path"]))
        if is_directive(mapping):
            name = next(k for k in js.object_keys(mapping) if k.startswith("@"))
            fn = _DIRECTIVES.get(name)
            if fn is None:
                raise MappingError(f"{name} is not a valid directive, got undefined")
            return fn(mapping[name], payload)
        # `resolved[key] = …` on a fresh object: a `__proto__` key sets the prototype and is gone
        return {k: resolve(mapping[k], payload) for k in js.object_keys(mapping) if k != js.PROTO_KEY}
    if t is list:
        return [resolve(v, payload) for v in mapping]
    return mapping


def remove_undefined(value: Any) -> Any:
    """actions-core's `removeUndefined`: undefined members dropped from objects (at any depth; arrays keep theirs,
    which JSON writes as null)."""
    if type(value) is list:
        return [remove_undefined(v) for v in value]
    if type(value) is dict:
        return {k: remove_undefined(v) for k, v in value.items() if v is not UNDEFINED}
    return value


def _mapping_to_process(mapping: dict[str, Any]) -> Any:
    if ROOT_MAPPING_FIELD_KEY not in mapping:
        return mapping
    root = mapping[ROOT_MAPPING_FIELD_KEY]
    if type(root) is dict and len(root) > 1:
        raise MappingError("The root mapping must only have a single directive object")
    directive = root[next(iter(root))] if type(root) is dict and root else UNDEFINED
    if type(directive) not in (dict, list):
        raise MappingError("The root directive must be an object")
    customer = {k: v for k, v in mapping.items() if k != ROOT_MAPPING_FIELD_KEY}
    if type(directive) is dict:
        root = {**root, next(iter(root)): {**directive, "mapping": customer}}
    return root


def transform(mapping: Any, payload: Any) -> Any:
    """mapping-kit's `transform`: validate, resolve against the event, drop undefined values."""
    if js.real_type(payload) != "object":
        raise MappingError(f"data must be an object, got {js.real_type(payload)}")
    to_process = _mapping_to_process(mapping) if type(mapping) is dict else mapping
    if _plain(to_process):  # the presets' shape: one look-up per field, nothing nested to clean
        out = {}
        for key in js.object_keys(to_process):
            if key != js.PROTO_KEY:
                value = resolve(to_process[key], payload)
                if value is not UNDEFINED:
                    out[key] = value
        return out
    validate(to_process)
    try:
        resolved = resolve(to_process, payload)
    except (js.JSTypeError, js.JSRangeError) as exc:  # JavaScript's own errors reach the caller the same way
        raise MappingError(str(exc)) from None
    return remove_undefined(resolved)
