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

Paths are compiled once (`compile_path`) so that hot loops do no string splitting.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from .js import UNDEFINED, has, member, to_number, trim, truthy

Path = tuple[str, ...]


@lru_cache(maxsize=4096)
def compile_path(path: str) -> Path:
    return tuple(path.split("."))


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
        return _get_general(obj, path, True)
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


def compile_paths(paths: Iterable[str]) -> tuple[Path, ...]:
    return tuple(compile_path(p) for p in paths)


# ---------------------------------------------------------------------------------------------------------------
# set-value
# ---------------------------------------------------------------------------------------------------------------

UNSAFE_KEYS = frozenset(("__proto__", "constructor", "prototype"))


class UnsafeKey(ValueError):
    """set-value refuses to write `__proto__`, `constructor` or `prototype`."""


@lru_cache(maxsize=4096)
def split_set_path(path: str) -> tuple[str | int, ...]:
    """set-value's path split: `.` separates (a backslash escapes it), integer segments become numbers, and a
    path containing `/` is one key."""
    if "/" in path:
        return (path,)
    parts: list[str | int] = []
    part = ""
    i = 0
    n = len(path)

    def push(p: str) -> None:
        if trim(p) != "":
            num = to_number(p)
            if num == num and num not in (math.inf, -math.inf) and num == int(num):
                parts.append(int(num))
                return
        parts.append(p)

    while i < n:
        c = path[i]
        if c == "\\":
            i += 1
            part += path[i] if i < n else ""
        elif c == ".":
            push(part)
            part = ""
        else:
            part += c
        i += 1
    if part:
        push(part)
    return tuple(parts)


def _assign(container: Any, key: str | int, value: Any) -> None:
    if type(container) is list:
        if type(key) is int and key >= 0:
            while len(container) <= key:
                container.append(None)  # a hole; JSON.stringify writes it as null
            container[key] = value
        # a named property on an array is invisible to JSON.stringify: nothing to keep
    else:
        container[str(key)] = value


def set_path(target: dict[str, Any], path: str, value: Any) -> None:
    """Write `value` at `path` in `target` (a dict this caller owns), set-value style."""
    if not path:
        return
    if "." not in path and "\\" not in path:
        if path in UNSAFE_KEYS:
            raise UnsafeKey(path)
        target[path] = value
        return
    keys = split_set_path(path)
    obj: Any = target
    last = len(keys) - 1
    for i, key in enumerate(keys):
        if type(key) is str and key in UNSAFE_KEYS:
            raise UnsafeKey(key)
        if i == last:
            _assign(obj, key, value)
            break
        nxt = keys[i + 1]
        cur = member(obj, str(key)) if type(obj) in (dict, list) else UNDEFINED
        if type(nxt) is int and type(cur) is not list:
            child: Any = []
        elif type(cur) is dict:
            child = dict(cur)
        elif type(cur) is list:
            child = list(cur)
        else:
            child = {}
        _assign(obj, key, child)
        obj = child
