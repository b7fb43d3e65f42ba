"""Running golden contracts against a peer (`clevertap-harness verify`) and rewriting goldens (`--update`).

`select_goldens()` finds and loads the goldens (a golden that does not load becomes an ERROR result rather
than stopping the run), `run_goldens()` runs them through a `contracts.peers.Peer` and compares each answer with
the golden after the golden's `normalize` rules (`contracts.golden`), with `d` records paired by identity
(`contracts.diff.compare`). `update_goldens()` is `--update`. Reports are rendered by `contracts.report`.
"""

from __future__ import annotations

import fnmatch
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from .diff import Difference, compare
from .golden import (
    GOLDEN_ROOT,
    Golden,
    GoldenError,
    _check_rules,
    dump_like,
    load_golden,
    normalize_pair,
    with_origin,
)
from .peers import Peer, PeerError, PeerUnsupported, ProjectPeer

PASS, FAIL, ERROR, SKIP = "PASS", "FAIL", "ERROR", "SKIP"
REVERSE_MODES = ("export",)  # the mode of the reverse-flow (clevertap-export) goldens
SKIPPED_PARTS = {"node_modules"}
SKIPPED_NAMES = {"package.json", "package-lock.json"}


@dataclass
class ScenarioResult:
    id: str
    name: str
    file: str
    peer: str
    status: str
    differences: list[Difference] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    message: str | None = None
    seconds: float = 0.0


@dataclass
class RunResult:
    peer: str
    contracts: str
    results: list[ScenarioResult]
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def ok(self) -> bool:
        """No failure and no error, and at least one scenario verified: a run where everything was skipped
        checked nothing, and is not green."""
        return self.count(PASS) > 0 and not any(r.status in (FAIL, ERROR) for r in self.results)


# --- selecting goldens -------------------------------------------------------------------------------------------


def display_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    return str(path) if rel.startswith("..") else rel


def golden_paths(contracts: str | Path | None = None) -> tuple[Path, list[Path]]:
    """(root, sorted golden files). Default root: `contracts/goldens/`. Under any folder every `*.json` is a
    golden, except in `node_modules` and npm's package files (so `--contracts contracts` works too)."""
    root = GOLDEN_ROOT if contracts is None else Path(contracts)
    if not root.is_dir():
        raise FileNotFoundError(f"no such folder: {root}")
    paths = list(root.rglob("*.json"))
    paths = [p for p in paths if p.name not in SKIPPED_NAMES and not SKIPPED_PARTS & set(p.parts)]
    return root, sorted(paths)


def _id_of(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).with_suffix("").as_posix()
    except ValueError:
        return path.with_suffix("").as_posix()


def matches(golden_id: str, patterns: Sequence[str] | None) -> bool:
    """`--only` globs match a golden id (`rudderstack/cloud/track_basic`, with or without `.json`); `*` also
    matches `/`, so `rudderstack/**` and `rudderstack/*` both select a whole folder."""
    if not patterns:
        return True
    return any(fnmatch.fnmatchcase(golden_id, p) or fnmatch.fnmatchcase(golden_id + ".json", p) for p in patterns)


def select_goldens(
    contracts: str | Path | None = None, only: Sequence[str] | None = None
) -> tuple[list[Golden], list[ScenarioResult]]:
    """The selected goldens, and an ERROR result for each selected file that does not load."""
    root, paths = golden_paths(contracts)
    goldens: list[Golden] = []
    broken: list[ScenarioResult] = []
    for path in paths:
        gid = _id_of(path, root)
        if not matches(gid, only):
            continue
        try:
            golden = load_golden(path, root=root)
        except GoldenError as exc:
            broken.append(ScenarioResult(gid, "", display_path(path), "", ERROR, message=str(exc)))
            continue
        problem = target_problem(golden)
        if problem:
            broken.append(ScenarioResult(gid, golden.name, display_path(path), "", ERROR, message=problem))
        else:
            goldens.append(golden)
    return goldens, broken


def target_problem(golden: Golden) -> str | None:
    """A golden naming a flavour, mode or platform no transformer knows is an error, not a skip: a misspelled
    flavour would otherwise never be checked by anyone."""
    from transformer import FLAVORS, MODES, PLATFORMS

    from .reverse import REVERSE_FLAVOR

    modes = {**{f: MODES for f in FLAVORS}, REVERSE_FLAVOR: REVERSE_MODES}
    if golden.flavor not in modes:
        return _unknown("flavor", golden.flavor, tuple(modes))
    if golden.mode not in modes[golden.flavor]:
        return _unknown("mode", golden.mode, modes[golden.flavor])
    if golden.mode == "device" and golden.platform not in PLATFORMS:
        return f"unknown platform {golden.platform!r} (expected one of {', '.join(PLATFORMS)})"
    return None


def _unknown(what: str, value: Any, known: Sequence[str]) -> str:
    return f"unknown {what} {value!r} (expected one of {', '.join(known)}){_did_you_mean(value, known)}"


def _did_you_mean(value: Any, known: Sequence[str]) -> str:
    import difflib

    close = difflib.get_close_matches(str(value), known, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


# --- running -----------------------------------------------------------------------------------------------------


def check_one(peer: Peer, golden: Golden, record_order: str = "strict") -> ScenarioResult:
    result = ScenarioResult(golden.id, golden.name, display_path(golden.path), peer.name, PASS)
    start = time.perf_counter()
    try:
        got = peer.run_golden(golden)
    except PeerUnsupported as exc:
        result.status, result.message = SKIP, str(exc)
    except PeerError as exc:
        result.status, result.message = ERROR, str(exc)
    except Exception as exc:  # noqa: BLE001 - one broken scenario must not stop the run
        result.status, result.message = ERROR, f"{type(exc).__name__}: {exc}"
    else:
        expected, got = normalize_pair(golden, got)
        comparison = compare(expected, got, loose_numbers=peer.loose_numbers, record_order=record_order)
        result.notes = comparison.notes
        if comparison.differences:
            result.status, result.differences = FAIL, comparison.differences
    result.seconds = time.perf_counter() - start
    return result


def run_goldens(
    peer: Peer,
    goldens: Sequence[Golden],
    broken: Sequence[ScenarioResult] = (),
    *,
    contracts: str = "contracts/",
    jobs: int = 1,
    record_order: str = "strict",
    progress: Callable[[ScenarioResult], None] | None = None,
) -> RunResult:
    """Every golden through `peer`; results in golden id order (broken goldens included as ERROR)."""
    start = time.perf_counter()
    setup_error: str | None = None
    try:
        peer.prepare(goldens, jobs=jobs)
    except PeerError as exc:
        setup_error = str(exc)
    results: list[ScenarioResult] = []
    for r in broken:
        r.peer = peer.name
    pending: list[tuple[str, Golden | ScenarioResult]] = sorted(
        [*((g.id, g) for g in goldens), *((r.id, r) for r in broken)], key=lambda t: t[0]
    )
    for _, item in pending:
        if isinstance(item, ScenarioResult):
            result = item
        elif setup_error is not None and not peer.supports(item.flavor, item.mode, item.platform, item.batch):
            result = ScenarioResult(item.id, item.name, display_path(item.path), peer.name, ERROR, message=setup_error)
        else:
            result = check_one(peer, item, record_order)
        results.append(result)
        if progress:
            progress(result)
    return RunResult(peer.name, contracts, results, notes=peer.notes(), seconds=time.perf_counter() - start)


# --- --update ----------------------------------------------------------------------------------------------------


def resolve_golden_file(name: str, contracts: str | Path | None = None) -> Path:
    """A file path as given, else a golden id under the contracts folder (`rudderstack/cloud/track_basic`)."""
    path = Path(name)
    if path.is_file():
        return path
    root = Path(contracts) if contracts is not None else GOLDEN_ROOT
    for candidate in (root / name, root / f"{name}.json"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"no golden file {name}")


def _with_regenerated(raw: dict[str, Any], expected: Any, note: str, forced: bool) -> dict[str, Any]:
    """The golden's fields with the new `expected` and a `regenerated` note after `origin`. A forced update over a
    peer-checked golden drops `peer_checked` and makes the origin `project-choice` (nothing checked the new values),
    saying so in `notes`."""
    data = dict(raw)
    if forced:
        mark = data.get("peer_checked") or {}
        why = (
            f"Values regenerated from this project's transformer over a check against {mark.get('peer', 'a peer')} "
            f"{mark.get('version', '')}".rstrip()
            + "; re-check them against the peer."
        )
        data["notes"] = f"{data['notes']} {why}" if data.get("notes") else why
        data = with_origin(data, "project-choice")
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "regenerated":
            continue
        out[key] = expected if key == "expected" else value
        if key == "origin":
            out["regenerated"] = note
    if "regenerated" not in out:
        out["regenerated"] = note
    return out


def _mark(golden: Golden) -> str:
    mark = golden.raw.get("peer_checked") or {}
    return f"{mark.get('peer')} {mark.get('version')} on {mark.get('date')}"


def update_goldens(
    names: Sequence[str],
    *,
    force: bool = False,
    contracts: str | Path | None = None,
    out: TextIO,
    today: str | None = None,
) -> int:
    """Rewrite `expected` of the named goldens from this project's transformer, printing each diff first.

    Unchanged goldens are left byte for byte. A peer-checked golden (`Golden.peer_checked`) is refused unless
    `force`; so is a result that would break the golden's own `normalize` rules. Returns 0 when every named
    golden was updated or unchanged, 1 when any was refused. Unnamed files are never read for writing."""
    peer = ProjectPeer()
    today = today or date.today().isoformat()
    paths = [resolve_golden_file(n, contracts) for n in names]
    goldens = [load_golden(p, root=contracts) for p in paths]
    refused = updated = unchanged = 0
    for golden in goldens:
        got = peer.run_golden(golden)
        expected_n, got_n = normalize_pair(golden, got)
        comparison = compare(expected_n, got_n)
        label = f"{golden.id} ({display_path(golden.path)})"
        if not comparison.differences:
            unchanged += 1
            print(f"unchanged  {label}", file=out)
            continue
        print(f"diff       {label}: expected (golden) vs got (this project's transformer)", file=out)
        for line in comparison.lines():
            print("  " + line, file=out)
        if golden.peer_checked and not force:
            refused += 1
            print(
                f"refused    {label}: its expected values were checked against a peer "
                f"(origin 'peer': {_mark(golden)}); rerun with --force to overwrite them",
                file=out,
            )
            continue
        new_expected = got
        if not golden.batch and not isinstance(golden.raw["expected"], list) and len(got) == 1:
            new_expected = got[0]  # keep the file's single-entry form
        try:
            _check_rules(golden.path, golden.normalize, got)
        except GoldenError as exc:
            refused += 1
            print(f"refused    {label}: the new result breaks the golden's normalize rules ({exc})", file=out)
            continue
        note = f"{today} by clevertap-harness verify --update from this project's transformer"
        forced = golden.peer_checked
        if forced:
            note += " (forced over a peer-checked golden: re-check it against the peer)"
        text = golden.path.read_text(encoding="utf-8")
        golden.path.write_text(
            dump_like(text, _with_regenerated(golden.raw, new_expected, note, forced)), encoding="utf-8"
        )
        updated += 1
        print(f"updated    {label}", file=out)
    print(f"--update: {updated} updated, {unchanged} unchanged, {refused} refused", file=out)
    return 1 if refused else 0
