"""Greedy shrinking of a failing JSON event: drop keys, drop list items, shorten strings, simplify values,
keeping each change only while the same invariant still fails.

Changes are tried top-down (whole subtrees first), and a pass restarts after every accepted change until a full
pass finds nothing, or the evaluation budget runs out. The result is a local minimum: removing any single key or
item, or simplifying any single value, makes the invariant hold again.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from typing import Any

Path = tuple[Any, ...]


def size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False, default=repr))


def _get(root: Any, path: Path) -> Any:
    for step in path:
        root = root[step]
    return root


def _replace(root: Any, path: Path, new: Any) -> Any:
    if not path:
        return new
    out = copy.deepcopy(root)
    parent = _get(out, path[:-1])
    parent[path[-1]] = new
    return out


def _delete(root: Any, path: Path) -> Any:
    out = copy.deepcopy(root)
    parent = _get(out, path[:-1])
    del parent[path[-1]]
    return out


def _paths(root: Any) -> list[Path]:
    """Every node's path, breadth first (shallow nodes first)."""
    out: list[Path] = []
    queue: list[Path] = [()]
    while queue:
        path = queue.pop(0)
        out.append(path)
        node = _get(root, path)
        if isinstance(node, dict):
            queue.extend(path + (k,) for k in node)
        elif isinstance(node, list):
            queue.extend(path + (i,) for i in range(len(node)))
    return out


def _simpler(value: Any) -> Iterator[Any]:
    """Simpler replacements for one value, most aggressive first."""
    if isinstance(value, dict):
        if value:
            yield {}
    elif isinstance(value, list):
        if value:
            yield []
            if len(value) > 1:
                yield value[: len(value) // 2]
                yield value[:1]
    elif isinstance(value, str):
        if value:
            yield ""
            if len(value) > 1:
                yield value[: len(value) // 2]
                yield value[:1]
                if not value.isascii() or not value.isalnum():
                    ascii_only = "".join(c for c in value if c.isascii() and c.isalnum())
                    if ascii_only and ascii_only != value:
                        yield ascii_only
    elif isinstance(value, bool):
        if value:
            yield False
    elif isinstance(value, int):
        if value not in (0, 1):
            yield 0
            yield 1
    elif isinstance(value, float):
        yield 0
        if value != int(value) if value == value and abs(value) < 1e18 else False:
            yield int(value)


def _candidates(root: Any) -> Iterator[Any]:
    for path in _paths(root):
        if path:
            yield _delete(root, path)
        node = _get(root, path)
        for simpler in _simpler(node):
            yield _replace(root, path, simpler)


def shrink(value: Any, fails: Callable[[Any], bool], max_evals: int = 3000) -> tuple[Any, int]:
    """The smallest variant of `value` found for which `fails` is still true, and the evaluations used."""
    current = copy.deepcopy(value)
    evals = 0
    progress = True
    while progress and evals < max_evals:
        progress = False
        current_size = size(current)
        for candidate in _candidates(current):
            if evals >= max_evals:
                break
            if size(candidate) >= current_size:
                continue
            evals += 1
            try:
                still = fails(candidate)
            except Exception:  # noqa: BLE001 - a crashing predicate is not the failure we shrink
                still = False
            if still:
                current = candidate
                progress = True
                break
    return current, evals
