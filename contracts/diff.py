"""deepdiff settings for contract comparison and a report a person can read.

`threshold_to_diff_deeper=0` keeps deepdiff from reporting a record with one changed key as a whole replaced
value (its default since 8.0), so every report names the exact path that differs.
"""
from __future__ import annotations

import json
from typing import Any

from deepdiff import DeepDiff

_SHORT = 160


def diff_results(expected: Any, got: Any, **options: Any) -> DeepDiff:
    kwargs: dict[str, Any] = {
        "threshold_to_diff_deeper": 0,
        "ignore_private_variables": False,
        "verbose_level": 2,
        "view": "tree",
    }
    kwargs.update(options)
    return DeepDiff(expected, got, **kwargs)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=repr)
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


def diff_lines(diff: DeepDiff) -> list[str]:
    """One line per difference: path, expected, got."""
    lines: list[str] = []
    for kind, nodes in sorted(diff.items()):
        for node in sorted(nodes, key=lambda n: n.path()):
            path = node.path()
            if kind in ("dictionary_item_added", "iterable_item_added", "set_item_added"):
                lines.append(f"  {path}: unexpected, got {_show(node.t2)}")
            elif kind in ("dictionary_item_removed", "iterable_item_removed", "set_item_removed"):
                lines.append(f"  {path}: missing, expected {_show(node.t1)}")
            elif kind == "type_changes":
                lines.append(
                    f"  {path}: expected {type(node.t1).__name__} {_show(node.t1)}, "
                    f"got {type(node.t2).__name__} {_show(node.t2)}"
                )
            else:
                lines.append(f"  {path}: expected {_show(node.t1)}, got {_show(node.t2)}")
    return lines


def format_diff(diff: DeepDiff) -> str:
    return "\n".join(diff_lines(diff))
