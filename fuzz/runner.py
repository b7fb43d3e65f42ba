"""The fuzz loop: generate events, transform them per chunk of settings, check every invariant, shrink the first
failure of each invariant, and (differential mode) compare with a peer transformer on the same events.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import transformer
from contracts.diff import diff_results

from .invariants import (
    MOCK_INVARIANT,
    MOCK_ROBUSTNESS_INVARIANT,
    Case,
    Invariant,
    invariants_for,
    known_issue,
)
from .mockcheck import MockValidator
from .providers import GeneratedEvent, generate_event
from .shrink import shrink, size
from .targets import Target, generate_settings

TransformFn = Callable[..., list[dict[str, Any]]]

CHUNK = 100  # events per generated settings object (settings vary across the run)


@dataclass
class Failure:
    target: str
    seed: int
    index: int
    invariant: str
    message: str
    event: Any
    settings: dict[str, Any]
    valid: bool
    minimal: Any = None
    minimal_message: str | None = None
    shrink_evals: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "seed": self.seed,
            "index": self.index,
            "invariant": self.invariant,
            "message": self.message,
            "valid": self.valid,
            "settings": self.settings,
            "event": self.event,
            "minimal": self.minimal,
            "minimal_message": self.minimal_message,
            "shrink_evals": self.shrink_evals,
        }


@dataclass
class TargetReport:
    target: Target
    seed: int
    events: int = 0
    valid: int = 0
    invalid: int = 0
    errors: int = 0
    requests: int = 0
    calls: int = 0
    invariants: list[str] = field(default_factory=list)
    failure_counts: dict[str, int] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    known: dict[str, dict[str, Any]] = field(default_factory=dict)
    seconds: float = 0.0
    differential: dict[str, Any] | None = None

    @property
    def failed(self) -> int:
        return sum(self.failure_counts.values())

    def summary(self) -> str:
        line = (
            f"fuzz {self.target.name}: seed {self.seed}, {self.events} events ({self.valid} valid, "
            f"{self.invalid} invalid; {self.requests} requests, {self.calls} calls, {self.errors} errors), "
            f"{len(self.invariants)} invariants, {self.failed} invariant failures"
            + (f", {sum(k['count'] for k in self.known.values())} known issues" if self.known else "")
            + f" [{self.seconds:.2f} s]"
        )
        if self.differential is not None:
            d = self.differential
            if d.get("skipped"):
                line += f"; differential vs {d['peer']}: skipped ({d['skipped']})"
            else:
                line += f"; differential vs {d['peer']}: {d['agreed']}/{d['compared']} agree ({d['agreement']:.1%})"
                if d.get("uncompared"):
                    line += f", {d['uncompared']} events not compared (the peer gave no answer)"
        return line

    def as_json(self) -> dict[str, Any]:
        return {
            "flavor": self.target.flavor,
            "mode": self.target.mode,
            "platform": self.target.platform,
            "target": self.target.name,
            "seed": self.seed,
            "events": self.events,
            "valid": self.valid,
            "invalid": self.invalid,
            "errors": self.errors,
            "requests": self.requests,
            "calls": self.calls,
            "invariants": self.invariants,
            "failure_counts": self.failure_counts,
            "failed": self.failed,
            "failures": [f.as_json() for f in self.failures],
            "known": self.known,
            "seconds": round(self.seconds, 3),
            "differential": self.differential,
        }


def _default_transform(events, settings, flavor, mode="cloud", platform=None):
    return transformer.transform(events, settings, flavor, mode, platform)


class Fuzzer:
    """Runs one target; reusable across targets (one mock app and test client for the whole run)."""

    def __init__(
        self,
        seed: int = 0,
        count: int = 1000,
        settings: dict[str, Any] | None = None,
        transform: TransformFn | None = None,
        invariants: dict[str, Sequence[Invariant]] | None = None,
        mock: bool = True,
        shrink_budget: int = 3000,
        max_examples: int = 1,
        event_source: Callable[[int, str, int], GeneratedEvent] | None = None,
    ) -> None:
        self.seed = seed
        self.count = count
        self.fixed_settings = settings
        self.transform = transform or _default_transform
        self.invariant_override = invariants
        self.validator = MockValidator() if mock else None
        self.shrink_budget = shrink_budget
        self.max_examples = max_examples
        self.event_source = event_source or generate_event
        self._events: dict[tuple[str, int], GeneratedEvent] = {}

    # --- inputs -------------------------------------------------------------------------------------------------
    def event(self, family: str, index: int) -> GeneratedEvent:
        key = (family, index)
        hit = self._events.get(key)
        if hit is None:
            hit = self._events[key] = self.event_source(self.seed, family, index)
        return hit

    def events(self, target: Target) -> list[GeneratedEvent]:
        return [self.event(target.family, i) for i in range(self.count)]

    def settings_for(self, target: Target, chunk: int) -> dict[str, Any]:
        if self.fixed_settings is not None:
            return self.fixed_settings
        return generate_settings(target, self.seed, chunk)

    def invariants(self, target: Target) -> list[Invariant]:
        if self.invariant_override is not None and target.name in self.invariant_override:
            return list(self.invariant_override[target.name])
        return list(invariants_for(target))

    def chunks(self, target: Target) -> list[tuple[dict[str, Any], list[GeneratedEvent]]]:
        events = self.events(target)
        return [(self.settings_for(target, i // CHUNK), events[i : i + CHUNK]) for i in range(0, len(events), CHUNK)]

    # --- one event, for shrinking -------------------------------------------------------------------------------
    def _case(self, target: Target, gen: GeneratedEvent, event: Any, settings: dict[str, Any], result: Any) -> Case:
        return Case(target, gen.index, event, gen.valid, settings, result, gen.kind)

    def check_one(
        self, target: Target, gen: GeneratedEvent, event: Any, settings: dict[str, Any], name: str
    ) -> str | None:
        """The message of invariant `name` on `event` (None when it holds)."""
        result = self.transform([event], settings, target.flavor, target.mode, target.platform)[0]
        case = self._case(target, gen, event, settings, result)
        if name in (MOCK_INVARIANT, MOCK_ROBUSTNESS_INVARIANT):
            if self.validator is None:
                return None
            found = self.validator.check([case])
            return next((m for n, m in found.get(0, []) if n == name), None)
        for inv in self.invariants(target):
            if inv.__name__ == name:
                return inv(case)
        raise KeyError(name)

    def _shrink(self, failure: Failure, target: Target, gen: GeneratedEvent) -> None:
        want = signature(failure.message)

        def fails(candidate: Any) -> bool:
            message = self.check_one(target, gen, candidate, failure.settings, failure.invariant)
            return message is not None and signature(message) == want

        minimal, evals = shrink(failure.event, fails, self.shrink_budget)
        failure.minimal = minimal
        failure.minimal_message = self.check_one(target, gen, minimal, failure.settings, failure.invariant)
        failure.shrink_evals = evals

    # --- a whole target -----------------------------------------------------------------------------------------
    def run(
        self, target: Target, peer: Any = None, top: int = 10, progress: Callable[[int], None] | None = None
    ) -> TargetReport:
        """Fuzz one target; `progress(events done)` is called after each chunk (the CLI's progress line)."""
        started = time.perf_counter()
        invariants = self.invariants(target)
        names = [inv.__name__ for inv in invariants]
        if self.validator is not None and target.cloud:
            names += [MOCK_INVARIANT, MOCK_ROBUSTNESS_INVARIANT]
        report = TargetReport(target, self.seed, invariants=names)
        diff = Differential(peer, top) if peer is not None else None
        if diff is not None:
            reason = (
                peer.supports(target.flavor, target.mode, target.platform, False) if hasattr(peer, "supports") else None
            )
            if reason:
                diff.skipped = reason
        for settings, gens in self.chunks(target):
            if progress is not None:
                progress(report.events)
            events = [g.event for g in gens]
            results = self.transform(events, settings, target.flavor, target.mode, target.platform)
            cases = [self._case(target, g, g.event, settings, r) for g, r in zip(gens, results, strict=False)]
            found: dict[int, list[tuple[str, str]]] = {}
            for pos, case in enumerate(cases):
                report.events += 1
                report.valid += case.valid
                report.invalid += not case.valid
                if isinstance(case.result, dict):
                    report.errors += "error" in case.result
                    report.requests += len(case.result.get("requests") or [])
                    report.calls += len(case.result.get("calls") or [])
                for inv in invariants:
                    try:
                        message = inv(case)
                    except Exception as exc:  # noqa: BLE001 - an invariant crashing is reported, not hidden
                        message = f"invariant raised {type(exc).__name__}: {exc}"
                    if message is not None:
                        found.setdefault(pos, []).append((inv.__name__, message))
            if self.validator is not None and target.cloud:
                for pos, items in self.validator.check(cases).items():
                    found.setdefault(pos, []).extend(items)
            for pos in sorted(found):
                for name, message in found[pos]:
                    issue = known_issue(cases[pos], name, message)
                    if issue is not None:
                        entry = report.known.setdefault(
                            issue.note, {"invariant": name, "count": 0, "example": gens[pos].index}
                        )
                        entry["count"] += 1
                        continue
                    report.failure_counts[name] = report.failure_counts.get(name, 0) + 1
                    shown = sum(1 for f in report.failures if f.invariant == name)
                    if shown < self.max_examples:
                        gen = gens[pos]
                        failure = Failure(
                            target.name, self.seed, gen.index, name, message, gen.event, settings, gen.valid
                        )
                        self._shrink(failure, target, gen)
                        report.failures.append(failure)
            if diff is not None and not diff.skipped:
                diff.compare(target, gens, settings, results)
        if diff is not None:
            report.differential = diff.as_json()
        report.seconds = time.perf_counter() - started
        return report


_CODE = re.compile(r"(?:rejected with|answered|documented CleverTap answer is) (\d+)")


def signature(message: str) -> str | None:
    """What must stay the same while shrinking besides the invariant: the CleverTap code of a mock failure (so a
    512 does not shrink into an unrelated 523)."""
    m = _CODE.search(message)
    return m.group(1) if m else None


# =============================================================================================================
# differential mode
# =============================================================================================================
_INDEX = re.compile(r"\[\d+\]")


def normalise_path(path: str) -> str:
    """deepdiff path with list indices replaced by [*], so the same field in any record groups together."""
    return _INDEX.sub("[*]", path)


class Differential:
    """Agreement between this project's results and a peer's on the same events, differences grouped by path."""

    def __init__(self, peer: Any, top: int = 10) -> None:
        self.peer = peer
        self.top = top
        self.compared = 0
        self.agreed = 0
        self.uncompared = 0  # events the peer gave no answer for, even one at a time
        self.retried_chunks = 0
        self.peer_errors: list[str] = []
        self.groups: dict[tuple[str, str], dict[str, Any]] = {}
        self.skipped: str | None = None

    def compare(self, target: Target, gens: list[GeneratedEvent], settings: dict[str, Any], ours: list[Any]) -> None:

        pairs = self._peer_answers(target, gens, settings, ours)
        options: dict[str, Any] = {}
        if getattr(self.peer, "loose_numbers", False):
            options["ignore_numeric_type_changes"] = True
        for gen, mine, other in pairs:
            self.compared += 1
            diff = diff_results(mine, other, **options)
            if not diff:
                self.agreed += 1
                continue
            for kind, nodes in diff.items():
                for node in nodes:
                    key = (normalise_path(node.path()), kind)
                    group = self.groups.get(key)
                    if group is None:
                        group = self.groups[key] = {
                            "path": key[0],
                            "kind": kind,
                            "count": 0,
                            "events": 0,
                            "example": {
                                "index": gen.index,
                                "valid": gen.valid,
                                "path": node.path(),
                                "ours": _json_safe(node.t1),
                                "theirs": _json_safe(node.t2),
                                "event": gen.event,
                                "settings": settings,
                            },
                        }
                    group["count"] += 1
                    group.setdefault("_seen", set()).add(gen.index)

    def _ask(self, target: Target, gens: list[GeneratedEvent], settings: dict[str, Any]) -> list[Any] | str:
        """The peer's entries for these events, or why it gave none (an exception or a wrong count)."""
        events = [g.event for g in gens]
        try:
            theirs = self.peer.transform(events, settings, target.flavor, target.mode, target.platform)
        except Exception as exc:  # noqa: BLE001 - PeerError, PeerUnsupported, or a broken peer
            return f"{type(exc).__name__}: {exc}"
        if not isinstance(theirs, list) or len(theirs) != len(events):
            got = len(theirs) if isinstance(theirs, list) else type(theirs).__name__
            return f"the peer answered {got} entries for {len(events)} events"
        return theirs

    def _peer_answers(
        self, target: Target, gens: list[GeneratedEvent], settings: dict[str, Any], ours: list[Any]
    ) -> list[tuple[GeneratedEvent, Any, Any]]:
        """(event, ours, theirs) for every event the peer answered. A chunk the peer refuses as a whole is asked
        again one event at a time, so one bad event cannot hide the others; the events it still cannot answer
        are counted in `uncompared` and listed in `peer_errors`."""
        theirs = self._ask(target, gens, settings)
        if isinstance(theirs, list):
            return list(zip(gens, ours, theirs, strict=True))
        if len(gens) > 1:
            self.retried_chunks += 1
        else:
            self.uncompared += 1
            self.peer_errors.append(f"event {gens[0].index}: {theirs}")
            return []
        pairs = []
        for gen, mine in zip(gens, ours, strict=True):
            single = self._ask(target, [gen], settings)
            if isinstance(single, list):
                pairs.append((gen, mine, single[0]))
            else:
                self.uncompared += 1
                self.peer_errors.append(f"event {gen.index}: {single}")
        return pairs

    def as_json(self) -> dict[str, Any]:
        groups = []
        for group in self.groups.values():
            g = {k: v for k, v in group.items() if k != "_seen"}
            g["events"] = len(group.get("_seen", ()))
            groups.append(g)
        groups.sort(key=lambda g: (-g["events"], -g["count"], g["path"]))
        return {
            "peer": getattr(self.peer, "name", str(self.peer)),
            "compared": self.compared,
            "agreed": self.agreed,
            "uncompared": self.uncompared,
            "retried_chunks": self.retried_chunks,
            "agreement": (self.agreed / self.compared) if self.compared else 0.0,
            "groups_total": len(groups),
            "groups": groups[: self.top],
            "peer_errors": self.peer_errors,
            "skipped": self.skipped,
        }


def _json_safe(value: Any) -> Any:
    try:
        json.dumps(value, allow_nan=False)
        return value
    except (TypeError, ValueError):
        return repr(value)


# =============================================================================================================
# text report
# =============================================================================================================
def format_failure(f: Failure) -> str:
    lines = [
        f"FAIL {f.target} seed={f.seed} event={f.index} invariant={f.invariant} "
        f"({'valid' if f.valid else 'invalid'} event)",
        f"  {f.message}",
        f"  settings: {json.dumps(f.settings, ensure_ascii=False)}",
    ]
    if f.minimal is not None:
        lines.append(
            f"  minimal event ({size(f.event)} → {size(f.minimal)} bytes, {f.shrink_evals} checks): "
            f"{f.minimal_message or ''}"
        )
        lines.append("  " + json.dumps(f.minimal, ensure_ascii=False))
    return "\n".join(lines)


def format_differential(d: dict[str, Any]) -> list[str]:
    if d.get("skipped"):
        return [f"  differential vs {d['peer']}: skipped: {d['skipped']}"]
    lines = [
        f"  differential vs {d['peer']}: {d['agreed']}/{d['compared']} events agree ({d['agreement']:.1%}); "
        f"{d['groups_total']} difference groups"
    ]
    if d.get("uncompared") or d.get("retried_chunks"):
        lines.append(
            f"  {d.get('uncompared', 0)} events not compared (no answer even alone); "
            f"{d.get('retried_chunks', 0)} refused chunks retried one event at a time"
        )
    for err in d["peer_errors"][:5]:
        lines.append(f"  peer error: {err}")
    for g in d["groups"]:
        ex = g["example"]
        lines.append(f"  {g['events']:>5} events  {g['kind']:<26} {g['path']}")
        lines.append(f"         e.g. event {ex['index']}: ours {_clip(ex['ours'])}  theirs {_clip(ex['theirs'])}")
    return lines


def _clip(value: Any, limit: int = 90) -> str:
    text = json.dumps(value, ensure_ascii=False, default=repr)
    return text if len(text) <= limit else text[: limit - 1] + "…"
