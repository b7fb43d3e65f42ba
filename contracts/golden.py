"""Golden contract files (interfaces §4): loading, running through a transformer, comparing.

A golden pins what a documented scenario must become. Loading is strict so that a malformed golden fails loudly
instead of silently passing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .diff import diff_results, format_diff

GOLDEN_ROOT = Path(__file__).parent
# Golden files live in one folder per flavour family: contracts/rudderstack/..., contracts/segment/...
GOLDEN_DIRS = ("rudderstack", "segment")
REQUIRED_FIELDS = ("name", "source", "flavor", "settings", "input", "expected")


class GoldenError(ValueError):
    """A golden file that does not follow interfaces §4."""


@dataclass
class Golden:
    path: Path
    name: str
    source: str
    flavor: str
    mode: str
    platform: str | None
    settings: dict[str, Any]
    input: list[Any]
    expected: Any
    batch: bool = False
    notes: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def id(self) -> str:
        try:
            return str(self.path.relative_to(GOLDEN_ROOT).with_suffix(""))
        except ValueError:
            return str(self.path.with_suffix(""))


def load_golden(path: str | Path) -> Golden:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise GoldenError(f"{path}: not JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict):
        raise GoldenError(f"{path}: a golden is a JSON object")
    missing = [f for f in REQUIRED_FIELDS if f not in data]
    if missing:
        raise GoldenError(f"{path}: missing field(s) {', '.join(missing)}")
    if not str(data["source"]).strip():
        raise GoldenError(f"{path}: 'source' must name the document section or peer run it was checked against")
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
    return Golden(
        path=path,
        name=data["name"],
        source=data["source"],
        flavor=data["flavor"],
        mode=mode,
        platform=data.get("platform"),
        settings=data["settings"],
        input=events,
        expected=expected,
        batch=batch,
        notes=data.get("notes"),
        raw=data,
    )


def iter_goldens(root: str | Path | None = None, pattern: str = "**/*.json") -> list[Golden]:
    """Every golden under `root` (default: the project's flavour folders), sorted by path."""
    if root is None:
        paths = [p for d in GOLDEN_DIRS for p in (GOLDEN_ROOT / d).glob(pattern)]
    else:
        paths = list(Path(root).glob(pattern))
    return [load_golden(p) for p in sorted(paths)]


def run_golden(golden: Golden, transform: Callable[..., Any] | None = None) -> Any:
    """Run the golden's input through a transformer (this project's by default)."""
    if transform is None:
        from transformer import transform as project_transform, transform_batch

        if golden.batch:
            return transform_batch(golden.input, golden.settings, golden.flavor)
        return project_transform(golden.input, golden.settings, golden.flavor, golden.mode, golden.platform)
    return transform(golden)


def check_golden(golden: Golden, got: Any | None = None) -> str | None:
    """None when the transformer's output equals the golden, else a readable report of every difference."""
    if got is None:
        got = run_golden(golden)
    diff = diff_results(golden.expected, got)
    if not diff:
        return None
    return f"{golden.id} ({golden.name}):\n{format_diff(diff)}"
