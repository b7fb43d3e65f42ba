"""Golden contract files (contracts/GOLDEN_FORMAT.md): loading, running through a transformer, comparing.

A golden pins what a documented scenario must become. Loading is strict so that a malformed golden fails loudly
instead of silently passing.

Optional fields beyond the required ones (full description in contracts/GOLDEN_FORMAT.md):

* `normalize`: declared rules for volatile values (a timestamp or id a transformer generates). Each rule is
  `{"path": ..., "rule": ...}` or `{"regex": ..., "rule": ...}`, plus `pattern` for the `regex` rule, an optional
  `placeholder` and an optional `why`. `path` is a deepdiff-style path into `expected`
  (`root[0]['requests'][0]['body']['d'][0]['ts']`) in which `[*]` stands for any index or key; `regex` is a
  regular expression that must match a whole path. Before comparing, every value at a matching path that
  passes the rule's check is replaced, on both sides, by `<placeholder:n>` (n numbers the distinct values in
  path order, so "the same id twice" stays visible, as in LocalStack's reference replacement). A value that does
  not pass the check is left alone, so the report shows it. Rules: `epoch-seconds`, `epoch-millis` (an integer
  between 2000-01-01 and 2100-01-01), `iso-8601` (a date-time string), `uuid`, `regex` (a string that
  full-matches `pattern`), `any` (any value; the key must still be there). Loading checks that every rule
  matches at least one value of `expected` and that the value passes it, so a rule cannot go stale silently.
* `origin` (required): where `expected` comes from. `doc`: checked against a public document (a doc page or an
  upstream source file at a version); `peer`: checked by running the real peer, recorded in `peer_checked`;
  `project-choice`: this project decided where the sources are silent, and `notes` says why.
* `peer_checked`: `{"peer": ..., "version": ..., "date": "YYYY-MM-DD", "how": ...}`, required with (and only
  with) `origin: "peer"`. `verify --update` refuses a golden whose origin is `peer` unless `--force` is given.
* `regenerated`: written by `verify --update`: when and by what `expected` was rewritten from this project's
  transformer.
"""

from __future__ import annotations

import ast
import json
import re
import uuid as _uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from transformer import js, transform_batch
from transformer import transform as project_transform

from .diff import compare
from .reverse import REVERSE_FLAVOR, run_reverse

GOLDEN_ROOT = Path(__file__).parent / "goldens"
# Golden files live in one folder per flavour family: contracts/goldens/rudderstack/..., contracts/goldens/segment/...
REQUIRED_FIELDS = ("name", "source", "origin", "flavor", "settings", "input", "expected")
ORIGINS = ("doc", "peer", "project-choice")
PEER_CHECKED_FIELDS = ("peer", "version", "date", "how")


class GoldenError(ValueError):
    """A golden file that does not follow contracts/GOLDEN_FORMAT.md."""


@dataclass
class Golden:
    path: Path
    name: str
    source: str
    origin: str
    flavor: str
    mode: str
    platform: str | None
    settings: dict[str, Any]
    input: list[Any]
    expected: Any
    batch: bool = False
    notes: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False)
    normalize: list[dict[str, Any]] = field(default_factory=list)
    root: Path | None = None

    @property
    def id(self) -> str:
        """The path without `.json`, relative to the folder the golden was loaded from (`root`), else to
        `contracts/goldens/`: `rudderstack/cloud/track_basic`."""
        for base in (self.root, GOLDEN_ROOT):
            if base is None:
                continue
            try:
                return self.path.resolve().relative_to(Path(base).resolve()).with_suffix("").as_posix()
            except ValueError:
                continue
        return self.path.with_suffix("").as_posix()

    @property
    def peer_checked(self) -> bool:
        """True when `expected` was confirmed by running a real peer (`origin: "peer"`, with `peer_checked`)."""
        return self.origin == "peer"


def _check_origin(path: Path, data: dict[str, Any]) -> None:
    """`origin` is one of ORIGINS; `peer` carries a complete `peer_checked`; `project-choice` says why in `notes`."""
    origin = data["origin"]
    if origin not in ORIGINS:
        raise GoldenError(f"{path}: 'origin' must be one of {', '.join(ORIGINS)}, got {origin!r}")
    mark = data.get("peer_checked")
    if origin == "peer":
        if not isinstance(mark, dict):
            raise GoldenError(f"{path}: origin 'peer' needs 'peer_checked' {{{', '.join(PEER_CHECKED_FIELDS)}}}")
        missing = [f for f in PEER_CHECKED_FIELDS if not isinstance(mark.get(f), str) or not mark[f].strip()]
        if missing:
            raise GoldenError(f"{path}: 'peer_checked' is missing {', '.join(missing)}")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", mark["date"]):
            raise GoldenError(f"{path}: 'peer_checked.date' must be YYYY-MM-DD, got {mark['date']!r}")
    elif mark is not None:
        raise GoldenError(f"{path}: 'peer_checked' belongs to origin 'peer' (this golden says {origin!r})")
    if origin == "project-choice" and not str(data.get("notes") or "").strip():
        raise GoldenError(f"{path}: origin 'project-choice' needs 'notes' saying why the project chose these values")


def load_golden(path: str | Path, root: str | Path | None = None) -> Golden:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_int=js.json_int)
    except json.JSONDecodeError as exc:
        raise GoldenError(f"{path}: not JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict):
        raise GoldenError(f"{path}: a golden is a JSON object")
    missing = [f for f in REQUIRED_FIELDS if f not in data]
    if missing:
        raise GoldenError(f"{path}: missing field(s) {', '.join(missing)}")
    if not str(data["source"]).strip():
        raise GoldenError(f"{path}: 'source' must name the document section or peer run it was checked against")
    _check_origin(path, data)
    mode = data.get("mode", "cloud")
    if mode == "device" and not data.get("platform"):
        raise GoldenError(f"{path}: device-mode golden needs 'platform'")
    batch = bool(data.get("batch", False))
    events = data["input"] if isinstance(data["input"], list) else [data["input"]]
    expected = data["expected"]
    if not batch:
        expected = expected if isinstance(expected, list) else [expected]
        if len(expected) != len(events):
            raise GoldenError(f"{path}: {len(events)} input event(s) but {len(expected)} expected result(s)")
    normalize = data.get("normalize") or []
    _check_rules(path, normalize, expected)
    return Golden(
        path=path,
        name=data["name"],
        source=data["source"],
        origin=data["origin"],
        flavor=data["flavor"],
        mode=mode,
        platform=data.get("platform"),
        settings=data["settings"],
        input=events,
        expected=expected,
        batch=batch,
        notes=data.get("notes"),
        raw=data,
        normalize=normalize,
        root=Path(root) if root is not None else None,
    )


def dump_like(original_text: str, data: dict[str, Any]) -> str:
    """JSON in a golden file's own layout: indented if it was, else compact on one line."""
    head = original_text.lstrip()[:2]
    if head.startswith("{\n") or head == "{\r":
        text = json.dumps(data, ensure_ascii=False, indent=2)
    else:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text + ("\n" if original_text.endswith("\n") else "")


def with_origin(data: dict[str, Any], origin: str, peer_checked: dict[str, str] | None = None) -> dict[str, Any]:
    """A copy of a golden's fields with `origin` (placed right after `source`) and `peer_checked` set or dropped."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in ("origin", "peer_checked"):
            continue
        out[key] = value
        if key == "source":
            out["origin"] = origin
    out.setdefault("origin", origin)
    if peer_checked is not None:
        out["peer_checked"] = peer_checked
    return out


def write_peer_mark(path: str | Path, *, peer: str, version: str, how: str, date: str) -> bool:
    """Record on the golden file at `path` that a peer run confirmed its `expected` (`origin: "peer"` plus
    `peer_checked`), keeping the file's layout. Peer tests call this after a passing comparison. Returns True
    when the file changed (a mark naming the same peer and version is left as it is)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text, parse_int=js.json_int)
    mark = {"peer": peer, "version": version, "date": date, "how": how}
    old = data.get("peer_checked") or {}
    if data.get("origin") == "peer" and (old.get("peer"), old.get("version")) == (peer, version):
        return False
    path.write_text(dump_like(text, with_origin(data, "peer", mark)), encoding="utf-8")
    return True


def iter_goldens(root: str | Path | None = None, pattern: str = "**/*.json") -> list[Golden]:
    """Every golden under `root` (default: the project's `contracts/goldens/`), sorted by path."""
    paths = list(Path(GOLDEN_ROOT if root is None else root).glob(pattern))
    return [load_golden(p) for p in sorted(paths)]


def run_golden(golden: Golden, transform: Callable[..., Any] | None = None) -> Any:
    """Run the golden's input through a transformer (this project's by default)."""
    if transform is None and golden.flavor == REVERSE_FLAVOR:
        return run_reverse(golden.input, golden.settings)
    if transform is None:
        if golden.batch:
            return transform_batch(golden.input, golden.settings, golden.flavor)
        return project_transform(golden.input, golden.settings, golden.flavor, golden.mode, golden.platform)
    return transform(golden)


def check_golden(golden: Golden, got: Any | None = None) -> str | None:
    """None when the transformer's output equals the golden, else a readable report of every difference.

    The golden's `normalize` rules apply to both sides; `d` records are paired by identity (contracts.diff)."""
    if got is None:
        got = run_golden(golden)
    expected, got = normalize_pair(golden, got)
    result = compare(expected, got)
    if not result:
        return None
    return f"{golden.id} ({golden.name}):\n" + "\n".join(result.lines())


# --- normalisation of volatile values (declared in the golden) ---------------------------------------------------

_EPOCH_S = (946684800, 4102444800)  # 2000-01-01 .. 2100-01-01
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) or (isinstance(value, float) and value.is_integer())


def _is_iso(value: Any) -> bool:
    if not isinstance(value, str) or len(value) < 10:
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _is_uuid(value: Any) -> bool:
    if not isinstance(value, str) or not _UUID.match(value):
        return False
    _uuid.UUID(value)
    return True


RULES: dict[str, Callable[[Any, dict[str, Any]], bool]] = {
    "epoch-seconds": lambda v, r: _is_int(v) and _EPOCH_S[0] <= v < _EPOCH_S[1],
    "epoch-millis": lambda v, r: _is_int(v) and _EPOCH_S[0] * 1000 <= v < _EPOCH_S[1] * 1000,
    "iso-8601": lambda v, r: _is_iso(v),
    "uuid": lambda v, r: _is_uuid(v),
    "regex": lambda v, r: isinstance(v, str) and re.fullmatch(r["pattern"], v) is not None,
    "any": lambda v, r: True,
}

_ANY_STEP = r"\[(?:-?\d+|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\]"


def _path_regex(rule: dict[str, Any]) -> re.Pattern[str]:
    if "regex" in rule:
        return re.compile(rule["regex"])
    return re.compile(re.escape(rule["path"]).replace(re.escape("[*]"), _ANY_STEP))


def _walk(value: Any, path: str = "root") -> Iterator[tuple[str, Any]]:
    """(path, value) for every node, dict keys in sorted order, in deepdiff's path notation."""
    yield path, value
    if isinstance(value, dict):
        for key in sorted(value, key=str):
            yield from _walk(value[key], f"{path}[{key!r}]")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}[{i}]")


def _check_rules(path: Path, rules: Any, expected: Any) -> None:
    if not isinstance(rules, list):
        raise GoldenError(f"{path}: 'normalize' must be a list of rules")
    for n, rule in enumerate(rules):
        where = f"{path}: normalize[{n}]"
        if not isinstance(rule, dict):
            raise GoldenError(f"{where} must be an object")
        if ("path" in rule) == ("regex" in rule):
            raise GoldenError(f"{where} needs exactly one of 'path' or 'regex'")
        if rule.get("rule") not in RULES:
            raise GoldenError(f"{where}: unknown rule {rule.get('rule')!r} (one of {', '.join(RULES)})")
        if rule["rule"] == "regex" and not isinstance(rule.get("pattern"), str):
            raise GoldenError(f"{where}: rule 'regex' needs a 'pattern'")
        try:
            matcher = _path_regex(rule)
            if rule["rule"] == "regex":
                re.compile(rule["pattern"])
        except re.error as exc:
            raise GoldenError(f"{where}: bad regular expression ({exc})") from None
        hits = [(p, v) for p, v in _walk(expected) if matcher.fullmatch(p)]
        if not hits:
            raise GoldenError(f"{where} matches no value of 'expected'")
        for p, v in hits:
            if not RULES[rule["rule"]](v, rule):
                raise GoldenError(f"{where}: expected value at {p} ({json.dumps(v)}) does not pass {rule['rule']!r}")


def _replace_at(value: Any, path: str, new: Any, root: Any) -> Any:
    """Set the node at `path` (deepdiff notation, as produced by `_walk`) to `new`; returns the new root."""
    if path == "root":
        return new
    steps = [ast.literal_eval(step[1:-1]) for step in re.findall(_ANY_STEP, path[len("root") :])]
    node = root
    for step in steps[:-1]:
        node = node[step]
    node[steps[-1]] = new
    return root


def normalize(value: Any, rules: list[dict[str, Any]]) -> Any:
    """A copy of `value` with the rules' placeholders in place of the volatile values they match."""
    if not rules:
        return value
    out = json.loads(json.dumps(value))
    numbering: dict[str, dict[str, int]] = {}
    for rule in rules:
        matcher = _path_regex(rule)
        check = RULES[rule["rule"]]
        name = rule.get("placeholder") or rule["rule"]
        seen = numbering.setdefault(name, {})
        replaced: list[str] = []
        for p, v in list(_walk(out)):
            if any(p.startswith(r + "[") for r in replaced):
                continue  # inside a value this rule already replaced
            if matcher.fullmatch(p) and check(v, rule):
                replaced.append(p)
                key = json.dumps(v, sort_keys=True)
                n = seen.setdefault(key, len(seen) + 1)
                out = _replace_at(out, p, f"<{name}:{n}>", out)
    return out


def normalize_pair(golden: Golden, got: Any) -> tuple[Any, Any]:
    """The golden's expected value and an actual result, both normalised by the golden's rules."""
    return normalize(golden.expected, golden.normalize), normalize(got, golden.normalize)
