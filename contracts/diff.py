"""deepdiff settings for contract comparison and a report a person can read.

`threshold_to_diff_deeper=0` keeps deepdiff from reporting a record with one changed key as a whole replaced
value (its default since 8.0), so every report names the exact path that differs.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
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


# --- contract comparison with record pairing ---------------------------------------------------------------------
#
# `compare()` is what `verify` uses. Two things deepdiff alone does not do the way a contract report needs:
#
# * Records in an upload body's `d` list are paired by what they are (type + identity/objectId + evtName, and
#   token id) rather than by list index, so one missing record is reported once instead of shifting every later
#   record. Pairing goes in three rounds: identical records, then records with the same identity key, then
#   leftovers of the same record type in order (so a record whose identity changed is still diffed field by
#   field). A record paired
#   with one at another index is reported as "moved"; `record_order="ignore"` turns moves into notes.
#   Only `d` lists are paired; the order of requests, of calls and of everything else stays positional.
#   (deepdiff's own `iterable_compare_func` was tried: with 9.1 the paths it reports for paired items sometimes
#   carry the other side's index, and equal duplicates are lost, so the pairing is done here and deepdiff
#   compares each pair.)
# * `loose_numbers=True` (used for third-party peers: a JS peer prints `15` where Python prints `15.0`) compares
#   numbers by value. It rewrites integral floats as ints on both sides instead of passing
#   `ignore_numeric_type_changes=True`, because that option also treats `true` as equal to `1`.

_MISSING = object()
_RECORD_LIST_KEY = "d"


@dataclass
class Difference:
    """One difference at one path. `kind`: changed, type, missing, unexpected, moved."""

    path: str
    kind: str
    expected: Any = _MISSING
    got: Any = _MISSING

    def line(self) -> str:
        if self.kind == "missing":
            return f"{self.path}: missing, expected {_show(self.expected)}"
        if self.kind == "unexpected":
            return f"{self.path}: unexpected, got {_show(self.got)}"
        if self.kind == "moved":
            return f"{self.path}: record {_show(self.expected)} moved, got it at index {self.got}"
        if self.kind == "type":
            return (
                f"{self.path}: expected {type(self.expected).__name__} {_show(self.expected)}, "
                f"got {type(self.got).__name__} {_show(self.got)}"
            )
        return f"{self.path}: expected {_show(self.expected)}, got {_show(self.got)}"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "kind": self.kind}
        if self.expected is not _MISSING:
            out["expected"] = self.expected
        if self.got is not _MISSING:
            out["got"] = self.got
        return out


@dataclass
class Comparison:
    differences: list[Difference] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:  # truthy when something differs, like a DeepDiff
        return bool(self.differences)

    def lines(self) -> list[str]:
        return ["  " + d.line() for d in self.differences]


def _canon(value: Any, loose_numbers: bool) -> Any:
    """A copy in which integral floats are ints (when loose), for value-based number comparison."""
    if isinstance(value, float):
        if loose_numbers and value.is_integer():
            return int(value)
        return value
    if isinstance(value, dict):
        return {k: _canon(v, loose_numbers) for k, v in value.items()}
    if isinstance(value, list):
        return [_canon(v, loose_numbers) for v in value]
    return value


def _stable_text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr, allow_nan=True)


def _same(a: Any, b: Any) -> bool:
    """Equal values of equal JSON types (bool is not a number here; 1 and 1.0 differ)."""
    return type(a) is type(b) and _stable_text(a) == _stable_text(b)


def record_key(record: Any) -> tuple | None:
    """What a CleverTap upload record is, for pairing: type, identity, objectId, evtName, token id."""
    if not isinstance(record, dict):
        return None
    token = record.get("tokenData")
    token_id = token.get("id") if isinstance(token, dict) else None
    return tuple(
        _stable_text(v)
        for v in (record.get("type"), record.get("identity"), record.get("objectId"), record.get("evtName"), token_id)
    )


def _pair_by(
    key: Any, expected: list[Any], got: list[Any], exp_idx: list[int], got_idx: list[int], pairs: list[tuple[int, int]]
) -> tuple[list[int], list[int]]:
    """Pair expected and got records whose `key` is equal (None never pairs), first come first paired; appends
    to `pairs` and returns the expected and got indexes left over."""
    buckets: dict[Any, list[int]] = {}
    for j in got_idx:
        buckets.setdefault(key(got[j]), []).append(j)
    taken: set[int] = set()
    left: list[int] = []
    for i in exp_idx:
        k = key(expected[i])
        bucket = buckets.get(k) if k is not None else None
        if bucket:
            j = bucket.pop(0)
            pairs.append((i, j))
            taken.add(j)
        else:
            left.append(i)
    return left, [j for j in got_idx if j not in taken]


def pair_records(expected: list[Any], got: list[Any]) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pairs (expected index, got index), unpaired expected indexes, unpaired got indexes."""
    pairs: list[tuple[int, int]] = []
    free_got = list(range(len(got)))
    # round 1: identical records, in order; round 2: same identity key, in order
    free_exp, free_got = _pair_by(_stable_text, expected, got, list(range(len(expected))), free_got, pairs)
    still_free, free_got = _pair_by(record_key, expected, got, free_exp, free_got, pairs)
    # round 3: leftovers of the same record type, in order (a record whose identity or name changed)
    missing: list[int] = []
    for i in still_free:
        kind = _record_type(expected[i])
        j = next((j for j in free_got if _record_type(got[j]) == kind), None)
        if j is None:
            missing.append(i)
        else:
            pairs.append((i, j))
            free_got.remove(j)
    pairs.sort()
    return pairs, missing, free_got


def _record_type(record: Any) -> Any:
    return record.get("type") if isinstance(record, dict) else type(record).__name__


def _out_of_order(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pairs (sorted by expected index) outside a longest run whose got indexes increase: the moved ones."""

    tails: list[int] = []  # tails[k]: index into pairs of the smallest tail of an increasing run of length k+1
    prev: list[int] = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        k = bisect.bisect_left([pairs[t][1] for t in tails], j)
        prev[n] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(n)
        else:
            tails[k] = n
    keep: set[int] = set()
    n = tails[-1] if tails else -1
    while n != -1:
        keep.add(n)
        n = prev[n]
    return [p for n, p in enumerate(pairs) if n not in keep]


def _nodes_to_differences(diff: DeepDiff, prefix: str | None = None) -> list[Difference]:
    out: list[Difference] = []
    for kind, nodes in diff.items():
        for node in nodes:
            path = node.path()
            if prefix is not None:
                path = prefix + path[len("root") :]
            if kind in ("dictionary_item_added", "iterable_item_added", "set_item_added"):
                out.append(Difference(path, "unexpected", got=node.t2))
            elif kind in ("dictionary_item_removed", "iterable_item_removed", "set_item_removed"):
                out.append(Difference(path, "missing", expected=node.t1))
            elif kind == "type_changes":
                out.append(Difference(path, "type", node.t1, node.t2))
            else:
                out.append(Difference(path, "changed", node.t1, node.t2))
    return out


class _RecordList:
    """Stands in for a `d` list while deepdiff compares the rest; the lists are compared by `_compare_records`."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _RecordList) and other.path == self.path

    def __hash__(self) -> int:
        return hash(self.path)

    def __repr__(self) -> str:
        return f"<records {self.path}>"


def _lift_record_lists(expected: Any, got: Any, path: str, found: list[tuple[str, list, list]]) -> tuple[Any, Any]:
    """Copies of both values in which every `d` list present on both sides is a `_RecordList` placeholder."""
    if isinstance(expected, dict) and isinstance(got, dict):
        e_out, g_out = dict(expected), dict(got)
        for key in expected.keys() & got.keys():
            sub = f"{path}[{key!r}]"
            ev, gv = expected[key], got[key]
            if key == _RECORD_LIST_KEY and isinstance(ev, list) and isinstance(gv, list):
                found.append((sub, ev, gv))
                e_out[key] = g_out[key] = _RecordList(sub)
            elif isinstance(ev, (dict, list)) and isinstance(gv, (dict, list)):
                e_out[key], g_out[key] = _lift_record_lists(ev, gv, sub, found)
        return e_out, g_out
    if isinstance(expected, list) and isinstance(got, list):
        e_list, g_list = list(expected), list(got)
        for i in range(min(len(expected), len(got))):
            if isinstance(expected[i], (dict, list)) and isinstance(got[i], (dict, list)):
                e_list[i], g_list[i] = _lift_record_lists(expected[i], got[i], f"{path}[{i}]", found)
        return e_list, g_list
    return expected, got


def _compare_records(path: str, expected: list, got: list, record_order: str, result: Comparison) -> None:
    pairs, missing, unexpected = pair_records(expected, got)
    for i, j in pairs:
        if not _same(expected[i], got[j]):
            result.differences.extend(_nodes_to_differences(diff_results(expected[i], got[j]), f"{path}[{i}]"))
    for i in missing:
        result.differences.append(Difference(f"{path}[{i}]", "missing", expected=expected[i]))
    for j in unexpected:
        result.differences.append(Difference(f"{path}[{j}]", "unexpected", got=got[j]))
    moved = _out_of_order(pairs)
    if moved:
        if record_order == "strict":
            for i, j in moved:
                summary = (
                    {k: v for k, v in expected[i].items() if k in ("type", "identity", "objectId", "evtName")}
                    if isinstance(expected[i], dict)
                    else expected[i]
                )
                result.differences.append(Difference(f"{path}[{i}]", "moved", expected=summary, got=j))
        else:
            result.notes.append(f"{path}: {len(moved)} record(s) in another order (ignored)")


def compare(
    expected: Any,
    got: Any,
    *,
    loose_numbers: bool = False,
    pair: bool = True,
    record_order: str = "strict",
) -> Comparison:
    """Every difference between an expected and an actual transform result, paths in deepdiff's notation
    (`root[0]['requests'][0]['body']['d'][0]['evtName']`; `d` record paths use the expected index)."""
    if record_order not in ("strict", "ignore"):
        raise ValueError("record_order is 'strict' or 'ignore'")
    if loose_numbers:
        expected, got = _canon(expected, True), _canon(got, True)
        expected = _drop_unreported_skips(expected, got)
    result = Comparison()
    if _same(expected, got):
        return result
    record_lists: list[tuple[str, list, list]] = []
    if pair:
        expected, got = _lift_record_lists(expected, got, "root", record_lists)
    result.differences.extend(_nodes_to_differences(diff_results(expected, got)))
    for path, e_list, g_list in record_lists:
        if not _same(e_list, g_list):
            _compare_records(path, e_list, g_list, record_order, result)
    result.differences.sort(key=lambda d: _path_sort_key(d.path))
    return result


def _drop_unreported_skips(expected: Any, got: Any) -> Any:
    """`skipped` is an optional reason (GOLDEN_FORMAT.md): a third-party peer that sends nothing without saying why
    agrees with an expected `{"requests": [], "skipped": ...}`."""
    if not (isinstance(expected, list) and isinstance(got, list)):
        return expected
    out = []
    for i, entry in enumerate(expected):
        other = got[i] if i < len(got) else None
        if isinstance(entry, dict) and "skipped" in entry and isinstance(other, dict) and "skipped" not in other:
            entry = {k: v for k, v in entry.items() if k != "skipped"}
        out.append(entry)
    return out


_INDEX = re.compile(r"\[(\d+)\]")


def _path_sort_key(path: str) -> tuple:
    # numeric order for list indexes ([2] before [10])
    return tuple(int(p) if p.isdigit() else p for p in _INDEX.split(path))
