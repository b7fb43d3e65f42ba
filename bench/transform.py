"""Transformer throughput, in-process, one core: `python bench/transform.py [--events N] [--repeat R]`.

Prints events per second for a mixed workload per flavour. Run from the repository root (or with the project
installed). Figures are for reading, not asserting: no test times anything.

RudderStack: a deterministic 10,000-event mix shaped like a web + mobile source — identifies with a dozen
traits (some nested), tracks with properties, pages, screens, Order Completed with products, aliases, and
objectId-mode identifies carrying a device token — through `transformer.transform` (per event, the CLI path)
and `transform_batch` (router batching).

Segment (cloud, device web/android/ios, Actions): a 10,000-event mix of the same shape in Segment's spec.

Beside each in-process figure, the same mix through `clevertap-harness transform` as a process (start-up,
JSON reading and printing included), which is what a pipeline calling the CLI pays.

In-process figures are CPU time (`time.process_time`), best of `--repeat` rounds: on a shared, loaded machine wall
time mostly measures the neighbours. `--baseline CHECKOUT` (another checkout of this project, e.g. made with
`git worktree add <dir> <commit>`) loads that checkout's `transformer` package into the same process under another
name and times each flavour's figures round by round alternating with the current code, printing the ratio: a
speed claim is a comparison made in one run, never two figures from different moments.
"""

from __future__ import annotations

import argparse
import functools
import gc
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import importlib.util  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
from types import ModuleType  # noqa: E402

import transformer  # noqa: E402
from transformer import transform  # noqa: E402

RUDDERSTACK_SETTINGS = {
    "accountId": "ACC-BENCH",
    "passcode": "PASS-BENCH",
    "region": "in1",
    "trackAnonymous": True,
    "enableObjectIdMapping": False,
}
RUDDERSTACK_OBJECT_ID_SETTINGS = {**RUDDERSTACK_SETTINGS, "enableObjectIdMapping": True}


def _context(rng: random.Random, mobile: bool) -> dict[str, Any]:
    ctx: dict[str, Any] = {
        "library": {"name": "RudderLabs JavaScript SDK", "version": "3.0.0"},
        "locale": "en-US",
        "userAgent": "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/120.0",
        "page": {"path": "/p", "url": "https://example.com/p", "title": "P"},
    }
    if mobile:
        ctx["os"] = {"name": rng.choice(["Android", "iOS"]), "version": "14"}
        ctx["device"] = {"id": f"dev-{rng.randrange(10**6)}", "token": f"tok-{rng.randrange(10**9)}"}
    return ctx


def rudderstack_events(n: int, seed: int = 7) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(event, settings) pairs: 30% identify, 35% track, 10% Order Completed, 10% page, 8% screen, 4% alias,
    3% objectId identify with a device token."""
    rng = random.Random(seed)
    out: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for i in range(n):
        uid = f"user-{rng.randrange(5000)}"
        anon = f"anon-{rng.randrange(10**8)}"
        r = rng.random()
        settings = RUDDERSTACK_SETTINGS
        if r < 0.30:
            ev: dict[str, Any] = {
                "type": "identify",
                "userId": uid,
                "anonymousId": anon,
                "context": _context(rng, False),
                "traits": {
                    "email": f"{uid}@example.com",
                    "name": "Ada Lovelace",
                    "phone": "+4915112345678",
                    "gender": rng.choice(["female", "M", "other"]),
                    "birthday": "1990-05-01",
                    "plan": rng.choice(["free", "pro"]),
                    "logins": rng.randrange(100),
                    "MSG-email": False,
                    "tags": ["a", "b"],
                    "address": {"city": "Berlin", "zip": "10115"},
                    "ts": "2024-01-02T03:04:05.678Z",
                },
            }
        elif r < 0.65:
            ev = {
                "type": "track",
                "event": rng.choice(["Product Viewed", "Signed Up", "Clicked"]),
                "userId": uid,
                "anonymousId": anon,
                "context": _context(rng, False),
                "properties": {"sku": f"S{i}", "price": 9.99, "qty": 2, "tags": ["x"], "ts": 1700000000},
            }
        elif r < 0.75:
            ev = {
                "type": "track",
                "event": "Order Completed",
                "userId": uid,
                "context": _context(rng, False),
                "properties": {
                    "checkout_id": f"c{i}",
                    "order_id": f"o{i}",
                    "revenue": 25.5,
                    "currency": "EUR",
                    "products": [
                        {"product_id": "p1", "price": 10, "quantity": 1},
                        {"product_id": "p2", "price": 15.5, "quantity": 1},
                    ],
                    "ts": "2024-01-02T03:04:05Z",
                },
            }
        elif r < 0.85:
            ev = {
                "type": "page",
                "name": "Pricing",
                "anonymousId": anon,
                "userId": uid,
                "context": _context(rng, False),
                "properties": {"path": "/pricing", "title": "Pricing"},
            }
        elif r < 0.93:
            ev = {
                "type": "screen",
                "name": "Home",
                "anonymousId": anon,
                "context": _context(rng, True),
                "properties": {"from": "push"},
            }
        elif r < 0.97:
            ev = {"type": "alias", "userId": uid, "previousId": anon, "context": {"traits": {"ts": 1700000000}}}
        else:
            settings = RUDDERSTACK_OBJECT_ID_SETTINGS
            ev = {
                "type": "identify",
                "userId": uid,
                "anonymousId": anon,
                "context": _context(rng, True),
                "traits": {"email": f"{uid}@example.com", "firstName": "Ada", "lastName": "L"},
            }
        out.append((ev, settings))
    return out


def _best(fn: Callable[[], Any], repeat: int) -> float:
    """Best CPU time of `repeat` runs; results are dropped between runs (the garbage collector stays on)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = time.process_time()
        out = fn()
        best = min(best, time.process_time() - t0)
        del out
    return best


def _best_alternating(fns: list[Callable[[], Any]], repeat: int) -> list[float]:
    """`_best` for several functions, one run of each per round, so that load changes hit all of them alike."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            gc.collect()
            t0 = time.process_time()
            out = fn()
            best[i] = min(best[i], time.process_time() - t0)
            del out
    return best


def load_baseline(checkout: Path) -> ModuleType:
    """The `transformer` package of another checkout, imported as `baseline_transformer` (its modules import each
    other relatively, so both versions live side by side in this process)."""
    init = checkout / "transformer" / "__init__.py"
    if not init.is_file():
        raise SystemExit(f"bench: no transformer package in {checkout}")
    spec = importlib.util.spec_from_file_location(
        "baseline_transformer", init, submodule_search_locations=[str(init.parent)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    # The registry names its flavour functions by absolute module path ("transformer.flavors.…"), which would
    # resolve to the *current* package: point every such target at the baseline's own modules, and check it.
    registry = importlib.import_module("baseline_transformer.registry")
    for table in [v for v in vars(registry).values() if isinstance(v, dict)]:
        for key, target in list(table.items()):
            if isinstance(target, str) and target.startswith("transformer."):
                table[key] = "baseline_" + target
    resolved = registry.get_transform("rudderstack")
    if not resolved.__module__.startswith("baseline_transformer."):
        raise SystemExit(f"bench: the baseline resolves its flavours outside itself ({resolved.__module__})")
    return module


def _rudderstack_runs(api: Any, plain: list[Any], object_id: list[Any]) -> tuple[Callable[[], Any], Callable[[], Any]]:
    def per_event() -> Any:
        return (
            api.transform(plain, RUDDERSTACK_SETTINGS, "rudderstack"),
            api.transform(object_id, RUDDERSTACK_OBJECT_ID_SETTINGS, "rudderstack"),
        )

    def router() -> Any:
        return (
            api.transform_batch(plain, RUDDERSTACK_SETTINGS, "rudderstack"),
            api.transform_batch(object_id, RUDDERSTACK_OBJECT_ID_SETTINGS, "rudderstack"),
        )

    return per_event, router


def bench_rudderstack(n: int, repeat: int, baseline: ModuleType | None = None) -> None:
    pairs = rudderstack_events(n)
    plain = [e for e, s in pairs if s is RUDDERSTACK_SETTINGS]
    object_id = [e for e, s in pairs if s is RUDDERSTACK_OBJECT_ID_SETTINGS]
    per_event, router = _rudderstack_runs(transformer, plain, object_id)
    failures = sum(1 for r in transform(plain, RUDDERSTACK_SETTINGS, "rudderstack") if "error" in r)
    if baseline is None:
        t = _best(per_event, repeat)
        print(
            f"rudderstack transform:       {n / t:>10,.0f} events/s  ({n} events, best of {repeat}: {t * 1000:.1f} ms"
            f" CPU; {failures} error results)"
        )
        t = _best(router, repeat)
        print(
            f"rudderstack transform_batch: {n / t:>10,.0f} events/s  ({n} events, best of {repeat}: {t * 1000:.1f} ms"
            " CPU)"
        )
        return
    old_per_event, old_router = _rudderstack_runs(baseline, plain, object_id)
    for label, current, old in (("transform", per_event, old_per_event), ("transform_batch", router, old_router)):
        t, t_old = _best_alternating([current, old], repeat)
        print(
            f"{'rudderstack ' + label + ':':<29}{n / t:>10,.0f} events/s  baseline {n / t_old:>8,.0f}"
            f"  ratio {t_old / t:.3f}  ({n} events, best of {repeat} alternating rounds, CPU time)"
        )
    print(f"  ({failures} error results; baseline: {Path(baseline.__file__ or '').parent.parent})")


SEGMENT_SETTINGS = {"accountId": "ACC-BENCH", "passcode": "PASS-BENCH", "region": "us1", "accountToken": "TOKEN-BENCH"}
SEGMENT_ACTIONS_SETTINGS = {
    "clevertapAccountId": "ACC-BENCH",
    "clevertapPasscode": "PASS-BENCH",
    "clevertapEndpoint": "https://sk1.api.clevertap.com",
}


def segment_events(n: int, seed: int = 11) -> list[dict[str, Any]]:
    """30% identify (mixed-case trait keys, a device token on mobile), 35% track, 10% Order Completed, 10% page,
    10% screen, 5% alias — Segment spec messages."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    for i in range(n):
        uid = f"user-{rng.randrange(5000)}"
        anon = f"anon-{rng.randrange(10**8)}"
        mobile = rng.random() < 0.4
        context: dict[str, Any] = {"library": {"name": "analytics.js", "version": "4.1.0"}, "locale": "en-US"}
        if mobile:
            context["os"] = {"name": rng.choice(["Android", "iOS"]), "version": "14"}
            context["device"] = {"id": f"dev-{i}", "token": f"tok-{rng.randrange(10**9)}"}
        base = {"userId": uid, "anonymousId": anon, "context": context, "timestamp": "2026-03-01T10:00:00.000Z"}
        r = rng.random()
        if r < 0.30:
            ev = {
                **base,
                "type": "identify",
                "traits": {
                    "email": f"{uid}@example.com",
                    "name": "Ada Lovelace",
                    "phone": "+4915112345678",
                    "gender": rng.choice(["female", "male"]),
                    "birthday": "1990-05-01T00:00:00.000Z",
                    "avatar": "https://example.com/a.png",
                    "firstName": "Ada",
                    "planType": "pro",
                    "loginCount": rng.randrange(100),
                    "isVIP": True,
                    "HTTPReferrer": "x",
                },
            }
        elif r < 0.65:
            ev = {
                **base,
                "type": "track",
                "event": rng.choice(["Product Viewed", "Signed Up", "Clicked"]),
                "properties": {"productId": f"S{i}", "price": 9.99, "quantity": 2, "categoryName": "books"},
            }
        elif r < 0.75:
            ev = {
                **base,
                "type": "track",
                "event": "Order Completed",
                "properties": {
                    "orderId": f"o{i}",
                    "total": 25.5,
                    "revenue": 25.5,
                    "currency": "EUR",
                    "products": [
                        {"product_id": "p1", "price": 10, "quantity": 1},
                        {"product_id": "p2", "price": 15.5, "quantity": 1},
                    ],
                },
            }
        elif r < 0.85:
            ev = {**base, "type": "page", "name": "Pricing", "properties": {"path": "/pricing", "title": "Pricing"}}
        elif r < 0.95:
            ev = {**base, "type": "screen", "name": "Home", "properties": {"fromPush": True}}
        else:
            ev = {**base, "type": "alias", "previousId": anon}
        out.append(ev)
    return out


SEGMENT_TARGETS = (
    ("segment cloud", "segment", "cloud", None, SEGMENT_SETTINGS),
    ("segment device web", "segment", "device", "web", SEGMENT_SETTINGS),
    ("segment device android", "segment", "device", "android", SEGMENT_SETTINGS),
    ("segment device ios", "segment", "device", "ios", SEGMENT_SETTINGS),
    ("segment-actions", "segment-actions", "cloud", None, SEGMENT_ACTIONS_SETTINGS),
)


def bench_segment(
    n: int, repeat: int, baseline: ModuleType | None = None
) -> list[tuple[str, str, str, str | None, dict, list]]:
    events = segment_events(n)
    runs = []
    for label, flavor, mode, platform, settings in SEGMENT_TARGETS:

        def run(
            flavor: str = flavor,
            mode: str = mode,
            platform: str | None = platform,
            settings: dict = settings,
            api: Any = transformer,
        ) -> Any:
            return api.transform(events, settings, flavor, mode, platform)

        results = run()
        errors = sum(1 for r in results if "error" in r)
        internal = sum(1 for r in results if r.get("error", {}).get("status") == 500)
        if baseline is None:
            t = _best(run, repeat)
            print(
                f"{label + ' transform:':<37}{n / t:>10,.0f} events/s  ({n} events, best of {repeat}: "
                f"{t * 1000:.1f} ms; {errors} error results, {internal} internal)"
            )
        else:
            old = functools.partial(run, api=baseline)
            t, t_old = _best_alternating([run, old], repeat)
            print(
                f"{label + ' transform:':<37}{n / t:>10,.0f} events/s  baseline {n / t_old:>8,.0f}  ratio "
                f"{t_old / t:.3f}  (best of {repeat} alternating rounds, CPU time; {errors} error results)"
            )
        runs.append((label, flavor, mode, platform, settings, events))
    return runs


def bench_cli(
    label: str, flavor: str, mode: str, platform: str | None, settings: dict, events: list[dict[str, Any]]
) -> None:
    """The same mix through `clevertap-harness transform` as a process (best of 3)."""
    beside = Path(sys.executable).with_name("clevertap-harness")  # the venv's script when run with its python
    command = str(beside) if beside.exists() else shutil.which("clevertap-harness")
    if command is None:
        print(f"{label + ' via CLI:':<37}   skipped (clevertap-harness is not installed)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        events_path, settings_path = Path(tmp) / "events.jsonl", Path(tmp) / "settings.json"
        events_path.write_text("\n".join(json.dumps(e) for e in events), encoding="utf-8")
        settings_path.write_text(json.dumps(settings), encoding="utf-8")
        args = [command, "transform", "--flavor", flavor, "--mode", mode, "--settings", str(settings_path)]
        if platform:
            args += ["--platform", platform]
        args.append(str(events_path))
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
            best = min(best, time.perf_counter() - t0)
    print(f"{label + ' via CLI process:':<37}{len(events) / best:>10,.0f} events/s  ({best * 1000:.0f} ms per run)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-cli", action="store_true", help="skip the CLI-process figures")
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="CHECKOUT",
        help="another checkout of this project: its figures for every flavour, measured alternately in this process",
    )
    args = parser.parse_args(argv)
    baseline = load_baseline(args.baseline) if args.baseline else None
    bench_rudderstack(args.events, args.repeat, baseline)
    segment_runs = bench_segment(args.events, args.repeat, baseline)
    if not args.no_cli:
        pairs = rudderstack_events(args.events)
        plain = [e for e, s in pairs if s is RUDDERSTACK_SETTINGS]
        bench_cli("rudderstack", "rudderstack", "cloud", None, RUDDERSTACK_SETTINGS, plain)
        for run in segment_runs:
            bench_cli(*run)
    return 0


if __name__ == "__main__":
    sys.exit(main())
