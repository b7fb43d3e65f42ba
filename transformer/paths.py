"""Reading and writing values by dotted path, with fallbacks: the mechanism every flavour's mapping tables use.

Two reading rules exist because the peers use two:

- `get(obj, "a.b.c")` follows the `get-value` package that rudder-transformer uses: each dot-separated segment
  is looked up in turn; a key that itself contains dots (`{"a.b": 1}`) is found when the joined segments name
  it; strings and numbers have no members; a missing step gives `UNDEFINED`.
- `first_valid(obj, paths)` is rudder-transformer's `getValueFromMessage` for a list of paths: the first value
  that is truthy, or exactly `false` or `0`, else `None`.

`set_path(target, "a.b", v)` follows `set-value` (used by rudder-transformer's `extractCustomFields`): a dotted
key creates nested objects, a numeric segment creates an array, a key containing `/` is kept whole, an empty key
is ignored. It copies the objects it descends into, so inputs are never modified.

Paths are split once and cached (`_segments`) so that hot loops do no string splitting.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from .js import (
    UNDEFINED,
    JSRangeError,
    get_property,
    has,
    is_array_index,
    member,
    number_to_string,
    to_double,
    to_number,
    trim,
    truthy,
)
from .result import TransformError

Path = tuple[str, ...]


_SEGS: dict[str, Path] = {}
# for each segment position, the dotted keys get-value tries when that segment is missing: ((key, next index), ...)
_JOINS: dict[Path, tuple[tuple[tuple[str, int], ...], ...]] = {}


def _segments(path: str) -> Path:
    segs = _SEGS.get(path)
    if segs is None:
        segs = _SEGS[path] = tuple(path.split("."))
    return segs


def _joins(segs: Path) -> tuple[tuple[tuple[str, int], ...], ...]:
    joins = _JOINS.get(segs)
    if joins is None:
        n = len(segs)
        joins = _JOINS[segs] = tuple(
            tuple((".".join(segs[i : j + 1]), j + 1) for j in range(i + 1, n)) for i in range(n)
        )
    return joins


def get(obj: Any, path: str | Path) -> Any:
    """Value at `path` (a dotted string, or a tuple of segments), or UNDEFINED."""
    if type(path) is not str:
        return _get_general(obj, path, True)  # type: ignore[arg-type]  # a tuple of segments (hot path: no isinstance)
    if type(obj) is not dict:
        return _get_general(obj, _SEGS.get(path) or _segments(path), False)
    if path in obj:  # get-value first tries the whole path as one key
        return obj[path]
    segs = _SEGS.get(path) or _segments(path)
    target: Any = obj
    last = len(segs) - 1
    i = 0
    for seg in segs:
        if type(target) is not dict:
            return _get_general(obj, segs, False)
        nxt = target.get(seg, UNDEFINED)
        if nxt is UNDEFINED:
            if i == last:
                return UNDEFINED
            return _get_general(obj, segs, False)
        target = nxt
        i += 1
    return target


def _get_general(obj: Any, segs: Path, check_whole: bool) -> Any:
    """get-value's full walk: dotted keys, arrays, strings (which have no members)."""
    if check_whole and type(obj) is dict and len(segs) > 1:
        whole = ".".join(segs)
        if whole in obj:
            return obj[whole]
    joins = None
    target = obj
    n = len(segs)
    i = 0
    while i < n:
        t = type(target)
        seg = segs[i]
        if t is dict:
            if seg in target:
                target = target[seg]
                i += 1
                continue
            if joins is None:
                joins = _joins(segs)
            for key, j in joins[i]:  # a key containing dots: join following segments until one matches
                if key in target:
                    target = target[key]
                    i = j
                    break
            else:
                return UNDEFINED
        elif t is list and has(target, seg):
            target = member(target, seg)
            i += 1
        else:
            return UNDEFINED
    return target


_CHAIN_SPLIT = re.compile(r"""\[(?=["'\d])|\.|(?<=["'\d])\]+""")


@lru_cache(maxsize=1024)
def chain_path(path: str) -> Path:
    """actions-core's path split: `.` and `[...]` separate, quotes dropped (`a[0].b`, `a['b']`)."""
    return tuple(s.replace("'", "").replace('"', "") for s in _CHAIN_SPLIT.split(path) if s)


def get_chain(obj: Any, path: str) -> Any:
    """actions-core's `get`: `path.reduce((o, key) => o && o[key], obj)`.

    Unlike get-value, a falsy value part-way is returned as it is (`{"a": 0}` at `a.b` gives 0), and a dotted key is
    never joined. Only own JSON members are modelled (no prototype lookups). `""` and `"."` give `obj` itself.
    """
    if path in ("", "."):
        return obj
    target = obj
    for key in chain_path(path):
        if not truthy(target):
            return target
        target = member(target, key)
    return target


# --- many paths into one message: each parent object resolved once ---------------------------------------------

ABSENT: Any = object()  # nothing can be found under this head: get() would give UNDEFINED for any last segment
_UNSET: Any = object()
_SPLITS: dict[str, tuple[str, Path, str] | None] = {}


def _split_last(path: str) -> tuple[str, Path, str] | None:
    hit = _SPLITS.get(path, _UNSET)
    if hit is _UNSET:
        head, dot, last = path.rpartition(".")
        hit = _SPLITS[path] = (head, tuple(head.split(".")), last) if dot and head and last else None
    return hit


def _resolve_head(obj: dict[str, Any], segs: Path) -> Any:
    """The object at `segs` when every step is an own member of a dict (then get-value reads `last` there);
    ABSENT when a step is missing and no dotted key could stand in for it; None when only get() can tell."""
    target: Any = obj
    for seg in segs:
        if type(target) is not dict:
            return None
        nxt = target.get(seg, _UNSET)
        if nxt is _UNSET:
            for k in target:  # get-value would try dotted keys ("traits.email") here
                if "." in k:
                    return None
            return ABSENT
        target = nxt
    return target if type(target) is dict else None


def get_cached(obj: Any, path: str, heads: dict[str, Any]) -> Any:
    """`get(obj, path)` for a dotted string path, reusing the parent objects already resolved in `heads` (a dict
    the caller keeps for one message): the hot path of tables that read many keys under `traits` and
    `context.traits`."""
    if type(obj) is not dict:
        return get(obj, path)
    return get_split(obj, path, _split_last(path), heads)


def split_path(path: str) -> tuple[str, Path, str] | None:
    """(head, head segments, last segment) of a dotted path, None when it has no parent: what `get_split` takes
    (a table plan works it out once per path)."""
    return _split_last(path)


def get_split(obj: dict[str, Any], path: str, split: tuple[str, Path, str] | None, heads: dict[str, Any]) -> Any:
    """`get_cached` for a dict `obj`, with `split_path(path)` already known."""
    whole = obj.get(path, _UNSET)  # get-value tries the whole path as one key first
    if whole is not _UNSET:
        return whole
    if split is None:
        return UNDEFINED
    head, segs, last = split
    parent = heads.get(head, _UNSET)
    if parent is _UNSET:
        parent = heads[head] = _resolve_head(obj, segs)
    if parent is ABSENT:
        return UNDEFINED
    if parent is None:
        return get(obj, path)
    return parent.get(last, UNDEFINED)


def first_valid(obj: Any, paths: Sequence[str | Path]) -> Any:
    """First value along `paths` that is truthy, `false` or `0`; `None` when there is none."""
    for p in paths:
        v = get(obj, p)
        if v is UNDEFINED or v is None:
            continue
        t = type(v)
        if t is str:
            if v:
                return v
        elif t is float:
            if v == v:
                return v
        else:
            return v
    return None


# ---------------------------------------------------------------------------------------------------------------
# set-value, behind rudder-transformer's own guard
# ---------------------------------------------------------------------------------------------------------------

UNSAFE_KEYS = frozenset(("__proto__", "constructor", "prototype"))
_MAX_HOLES = 100_000  # a longer run of array holes is refused rather than built (JavaScript would build it)

Segment = str | int | float  # a key, or a JavaScript number (float beyond 2**53)


class UnsafeKey(ValueError):
    """A path this project cannot emulate (kept for callers that catch it)."""


@lru_cache(maxsize=4096)
def split_set_path(path: str) -> tuple[Segment, ...]:
    """set-value's path split: `.` separates (a backslash takes the next character literally; a trailing
    backslash appends the text "undefined", as `part += input[++i]` does), an integer-valued segment
    (`Number.isInteger(Number(part))`, so " 5", "1e3", "0x10" too) becomes a number, and a path containing `/`
    is one key."""
    if "/" in path:
        return (path,)
    parts: list[Segment] = []
    part = ""
    i = 0
    n = len(path)

    def push(p: str) -> None:
        if trim(p) != "":
            num = to_number(p)
            if num == num and num not in (math.inf, -math.inf) and num == int(num):
                parts.append(to_double(int(num)) if type(num) is float and abs(num) > 2**53 else int(num))
                return
        parts.append(p)

    while i < n:
        c = path[i]
        if c == "\\":
            i += 1
            part += path[i] if i < n else "undefined"
        elif c == ".":
            push(part)
            part = ""
        else:
            part += c
        i += 1
    if part:
        push(part)
    return tuple(parts)


def _key(segment: Segment) -> str:
    """The property name a segment addresses (`String(number)`)."""
    return segment if isinstance(segment, str) else number_to_string(segment)


def _index(container: list[Any], segment: Segment) -> int | None:
    """The array index a segment addresses, None for a named (JSON-invisible) property of the array."""
    if type(segment) is int and 0 <= segment < 2**32 - 1:
        return segment
    if type(segment) is str and is_array_index(segment):
        return int(segment)
    return None


def _read(container: Any, segment: Segment) -> Any:
    """`container[segment]` as set-value reads it while descending (through the prototype chain)."""
    if type(container) is list:
        i = _index(container, segment)
        if i is not None:
            return container[i] if i < len(container) else UNDEFINED
    return get_property(container, _key(segment))


def _assign(container: Any, segment: Segment, value: Any) -> None:
    if type(container) is list:
        i = _index(container, segment)
        if i is None:
            if _key(segment) == "length":
                raise JSRangeError("Invalid array length")
            return  # a named property on an array: JSON.stringify never shows it
        if i >= len(container):
            if i - len(container) > _MAX_HOLES:
                raise TransformError(f"array index {i} is beyond what this project builds", 500)
            container.extend([None] * (i + 1 - len(container)))  # holes; JSON.stringify writes null
        container[i] = value
    elif type(container) is dict:
        container[_key(segment)] = value
    # anything else is a function or a prototype reached by the walk: the write is invisible in JSON


def set_path(target: dict[str, Any], path: str, value: Any) -> None:
    """Write `value` at `path` in `target` (a dict this caller owns) as rudder-transformer's `setValue` does.

    rudder-transformer wraps set-value (@rudderstack/integrations-lib `setValue`): when any segment is
    `__proto__`, `constructor` or `prototype`, the whole path, re-joined with ".", becomes one literal key
    (`{"a.__proto__.x": 1}` stays `"a.__proto__.x"`); otherwise set-value walks the path, creating objects, or an
    array when the next segment is a number. It copies the objects it descends into, so inputs are never modified.
    """
    if not path:
        return
    if "9" < path[0] < "\x80" and "." not in path and "\\" not in path and "/" not in path:
        # one plain key (no ASCII digit, sign, dot or space can start a number); an unsafe one is written literally
        target[path] = value
        return
    keys = split_set_path(path)  # "01" is the number 1, written as key "1"
    for key in keys:
        if type(key) is str and key in UNSAFE_KEYS:
            target[".".join(_key(k) for k in keys)] = value
            return
    if len(keys) == 1 and type(keys[0]) is str:
        target[keys[0]] = value
        return
    obj: Any = target
    last = len(keys) - 1
    for i, key in enumerate(keys):
        if i == last:
            _assign(obj, key, value)
            break
        nxt = keys[i + 1]
        cur = _read(obj, key)
        if type(nxt) is not str and type(cur) is not list:
            child: Any = []
        elif type(cur) is dict:
            child = dict(cur)
        elif type(cur) is list:
            child = list(cur)
        elif cur is not None and cur is not UNDEFINED and type(cur) not in (str, int, float, bool):
            return  # a function (or prototype) from the prototype chain: what is written there is invisible
        else:
            child = {}
        _assign(obj, key, child)
        if type(obj) is list and _index(obj, key) is None:
            return  # descended into a named array property: invisible
        obj = child
