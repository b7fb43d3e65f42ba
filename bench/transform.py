"""Transformer throughput, in-process, one core: `python bench/transform.py [--events N] [--repeat R]`.

Prints events per second for a mixed workload per flavour. Run from the repository root (or with the project
installed). Figures are for reading, not asserting: no test times anything.

RudderStack part: a deterministic 10,000-event mix shaped like a web + mobile source — identifies with a dozen
traits (some nested), tracks with properties, pages, screens, Order Completed with products, aliases, and
objectId-mode identifies carrying a device token — through `transformer.transform` (per event, the CLI path)
and `transform_batch` (router batching).
"""
from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transformer import transform, transform_batch  # noqa: E402

RUDDERSTACK_SETTINGS = {"accountId": "ACC-BENCH", "passcode": "PASS-BENCH", "region": "in1",
                        "trackAnonymous": True, "enableObjectIdMapping": False}
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
                "type": "identify", "userId": uid, "anonymousId": anon, "context": _context(rng, False),
                "traits": {
                    "email": f"{uid}@example.com", "name": "Ada Lovelace", "phone": "+4915112345678",
                    "gender": rng.choice(["female", "M", "other"]), "birthday": "1990-05-01",
                    "plan": rng.choice(["free", "pro"]), "logins": rng.randrange(100), "MSG-email": False,
                    "tags": ["a", "b"], "address": {"city": "Berlin", "zip": "10115"},
                    "ts": "2024-01-02T03:04:05.678Z",
                },
            }
        elif r < 0.65:
            ev = {"type": "track", "event": rng.choice(["Product Viewed", "Signed Up", "Clicked"]),
                  "userId": uid, "anonymousId": anon, "context": _context(rng, False),
                  "properties": {"sku": f"S{i}", "price": 9.99, "qty": 2, "tags": ["x"], "ts": 1700000000}}
        elif r < 0.75:
            ev = {"type": "track", "event": "Order Completed", "userId": uid, "context": _context(rng, False),
                  "properties": {"checkout_id": f"c{i}", "order_id": f"o{i}", "revenue": 25.5, "currency": "EUR",
                                 "products": [{"product_id": "p1", "price": 10, "quantity": 1},
                                              {"product_id": "p2", "price": 15.5, "quantity": 1}],
                                 "ts": "2024-01-02T03:04:05Z"}}
        elif r < 0.85:
            ev = {"type": "page", "name": "Pricing", "anonymousId": anon, "userId": uid,
                  "context": _context(rng, False), "properties": {"path": "/pricing", "title": "Pricing"}}
        elif r < 0.93:
            ev = {"type": "screen", "name": "Home", "anonymousId": anon, "context": _context(rng, True),
                  "properties": {"from": "push"}}
        elif r < 0.97:
            ev = {"type": "alias", "userId": uid, "previousId": anon, "context": {"traits": {"ts": 1700000000}}}
        else:
            settings = RUDDERSTACK_OBJECT_ID_SETTINGS
            ev = {"type": "identify", "userId": uid, "anonymousId": anon, "context": _context(rng, True),
                  "traits": {"email": f"{uid}@example.com", "firstName": "Ada", "lastName": "L"}}
        out.append((ev, settings))
    return out


def _best(fn: Callable[[], Any], repeat: int) -> float:
    """Best wall time of `repeat` runs; results are dropped between runs (the garbage collector stays on)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
        del out
    return best


def bench_rudderstack(n: int, repeat: int) -> None:
    pairs = rudderstack_events(n)
    plain = [e for e, s in pairs if s is RUDDERSTACK_SETTINGS]
    object_id = [e for e, s in pairs if s is RUDDERSTACK_OBJECT_ID_SETTINGS]

    def per_event() -> Any:
        return (transform(plain, RUDDERSTACK_SETTINGS, "rudderstack"),
                transform(object_id, RUDDERSTACK_OBJECT_ID_SETTINGS, "rudderstack"))

    def router() -> Any:
        return (transform_batch(plain, RUDDERSTACK_SETTINGS, "rudderstack"),
                transform_batch(object_id, RUDDERSTACK_OBJECT_ID_SETTINGS, "rudderstack"))

    failures = sum(1 for r in transform(plain, RUDDERSTACK_SETTINGS, "rudderstack") if "error" in r)
    t = _best(per_event, repeat)
    print(f"rudderstack transform:       {n / t:>10,.0f} events/s  ({n} events, best of {repeat}: {t * 1000:.1f} ms;"
          f" {failures} error results)")
    t = _best(router, repeat)
    print(f"rudderstack transform_batch: {n / t:>10,.0f} events/s  ({n} events, best of {repeat}: {t * 1000:.1f} ms)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    bench_rudderstack(args.events, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
