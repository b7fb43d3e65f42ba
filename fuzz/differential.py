"""Differential runs: the same seeded Segment messages through this project's transformer and a real peer.

A peer is any program that reads a JSON array of events on stdin, takes `--settings FILE`, and prints one
transform result per event (the runners under `contracts/peer_runners/node/` do). Results are compared with
`js_equal`: objects key by key *in order* (JavaScript's key order is visible in every body the peer sends),
numbers by exact value (so an integer above 2**53 that the peer rounded differs from the exact one), everything
else by type and value.

    python -m fuzz.differential --flavor segment-actions --seed 1 --ordinary 200 --hostile 1500 \\
        --peer 'node contracts/peer_runners/node/segment_actions_runner.js --settings {settings}'

prints agreement per family (`ordinary 200/200`, `hostile 1500/1500`) and the differing events, grouped by the
first differing path. Exit status 1 when an event disagrees.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from transformer import js
from transformer.registry import get_transform, safe_call

from .segment_edges import events as make_events

_NUMBER = (int, float)
_SAFE = 2**53


def first_difference(a: Any, b: Any, path: str = "$") -> str | None:
    """The first path where `a` and `b` differ under JavaScript's view of JSON, or None when they agree."""
    ta, tb = type(a), type(b)
    if ta is dict and tb is dict:
        if list(a) != list(b):
            if set(a) != set(b):
                missing = sorted(set(a) ^ set(b))
                return f"{path} keys {missing[:3]}"
            return f"{path} key order"
        for k in a:
            d = first_difference(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if ta is list and tb is list:
        if len(a) != len(b):
            return f"{path} length {len(a)} != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    if ta in _NUMBER and tb in _NUMBER and ta is not bool and tb is not bool:
        return None if _ours_number(a) == _peer_number(b) else path
    if ta is not tb or a != b:
        return path
    return None


def _ours_number(x: float | int) -> str:
    """Our number as JavaScript would write it; an integer beyond 2**53 stays exact (JavaScript could not hold it)."""
    if type(x) is int and not -_SAFE <= x <= _SAFE:
        return str(x)
    return js.number_to_string(x)


def _peer_number(x: float | int) -> str:
    """The peer's number as it wrote it (its text was JavaScript's shortest form of a double)."""
    return js.number_to_string(float(x) if type(x) is int and not -_SAFE <= x <= _SAFE else x)


def js_equal(a: Any, b: Any) -> bool:
    return first_difference(a, b) is None


@dataclass
class Report:
    flavor: str
    compared: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    agreed: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    differences: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, family: str, event: Any, ours: Any, theirs: Any) -> None:
        self.compared[family] += 1
        if isinstance(ours, dict) and "warnings" in ours and isinstance(theirs, dict) and "warnings" not in theirs:
            # what the CleverTap SDK would then refuse: the peer runs the wrapper only
            ours = {k: v for k, v in ours.items() if k != "warnings"}
        where = first_difference(ours, theirs)
        if where is None:
            self.agreed[family] += 1
        else:
            self.differences[where].append({"family": family, "event": event, "ours": ours, "peer": theirs})

    def summary(self) -> str:
        parts = [f"{f} {self.agreed[f]}/{self.compared[f]}" for f in self.compared]
        return f"{self.flavor}: " + ", ".join(parts)

    @property
    def ok(self) -> bool:
        return all(self.agreed[f] == self.compared[f] for f in self.compared)


def run_peer(argv: Sequence[str], events: list[Any], settings: dict[str, Any], timeout: float = 600) -> list[Any]:
    """Run a peer command on `events` (one call) and return its per-event results."""
    with tempfile.TemporaryDirectory(prefix="clevertap-diff-") as tmp:
        settings_file = os.path.join(tmp, "settings.json")
        with open(settings_file, "w", encoding="utf-8") as fh:
            json.dump(settings, fh)
        args = [a.replace("{settings}", settings_file) for a in argv]
        proc = subprocess.run(
            args, input=json.dumps(events), capture_output=True, text=True, timeout=timeout, encoding="utf-8"
        )
    if proc.returncode != 0:
        raise RuntimeError(f"peer exited {proc.returncode}: {proc.stderr.strip()[-1500:]}")
    out = json.loads(proc.stdout)
    if not isinstance(out, list) or len(out) != len(events):
        raise RuntimeError(f"peer printed {type(out).__name__} with {len(out)} entries for {len(events)} events")
    return out


def compare(
    flavor: str,
    mode: str,
    platform: str | None,
    settings: dict[str, Any],
    tagged: list[tuple[str, Any]],
    peer_argv: Sequence[str],
) -> Report:
    fn = get_transform(flavor, mode, platform)
    events = [e for _, e in tagged]
    theirs = run_peer(peer_argv, events, settings)
    report = Report(flavor if platform is None else f"{flavor}/{mode}/{platform}")
    for (family, event), peer_result in zip(tagged, theirs, strict=True):
        # the transformer receives what the peer receives: the JSON text, parsed
        ours = safe_call(fn, json.loads(json.dumps(event)), json.loads(json.dumps(settings)))
        report.add(family, event, ours, peer_result)
    return report


DEFAULT_SETTINGS = {
    "segment-actions": {
        "clevertapAccountId": "ACC-123",
        "clevertapPasscode": "PASS-456",
        "clevertapEndpoint": "https://sk1.api.clevertap.com",
    },
    "segment-web": {"accountId": "ACC-123", "region": "in1."},
}


def main(argv: Sequence[str] | None = None) -> int:

    ap = argparse.ArgumentParser(prog="python -m fuzz.differential", description=__doc__.split("\n\n")[0])
    ap.add_argument("--flavor", required=True, choices=("segment-actions", "segment-web"))
    ap.add_argument("--peer", required=True, help="peer command; {settings} becomes the settings file path")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ordinary", type=int, default=200)
    ap.add_argument("--hostile", type=int, default=1500)
    ap.add_argument("--settings", help="settings JSON file (default: a fixed test account)")
    ap.add_argument("--show", type=int, default=3, help="events shown per differing path")
    args = ap.parse_args(argv)
    settings = DEFAULT_SETTINGS[args.flavor]
    if args.settings:
        with open(args.settings, encoding="utf-8") as fh:
            settings = json.load(fh)
    flavor, mode, platform = (
        ("segment", "device", "web") if args.flavor == "segment-web" else (args.flavor, "cloud", None)
    )
    tagged = make_events(args.seed, args.ordinary, args.hostile)
    report = compare(flavor, mode, platform, settings, tagged, shlex.split(args.peer))
    print(report.summary())
    for where, diffs in sorted(report.differences.items(), key=lambda kv: -len(kv[1])):
        print(f"\n{len(diffs)} x {json.dumps(where)[1:-1]}")
        for d in diffs[: args.show]:
            print("  event:", json.dumps(d["event"])[:400])
            print("  ours: ", json.dumps(d["ours"])[:400])
            print("  peer: ", json.dumps(d["peer"])[:400])
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
