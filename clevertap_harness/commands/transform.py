"""Transform events with one of the project's transformers and print transform results as JSON.

Input and output stream: JSON Lines input is read one line at a time and every result is written as soon as it is
ready, so memory stays flat however large the input (`--output jsonl` prints one result per line; the default
`json` prints the one array the README describes, written piece by piece). `--jobs N` transforms chunks of events in
N processes and keeps the input order. Progress shows on stderr when it is a terminal.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, TextIO

from transformer import FLAVORS, MODES, PLATFORMS, UnknownFlavor, get_transform, transform_batch
from transformer.registry import safe_call

from ..errors import UsageError
from ..io import iter_events
from ..progress import Progress
from ..settings_cli import add_settings_arguments, load_target_settings

CHUNK = 200  # events per task with --jobs


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--flavor", required=True, choices=FLAVORS)
    parser.add_argument("--mode", default="cloud", choices=MODES)
    parser.add_argument("--platform", choices=PLATFORMS, help="device mode only")
    add_settings_arguments(parser)
    parser.add_argument("--batch", action="store_true", help="group requests the way the flavour's router does")
    parser.add_argument(
        "--output",
        choices=("json", "jsonl"),
        default="json",
        help="json: one array (default); jsonl: one result per line, in input order",
    )
    parser.add_argument("--indent", type=int, metavar="N", help="pretty-print the JSON with N spaces (for people)")
    parser.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="transform in N processes (0: one per CPU); order is kept"
    )
    parser.add_argument(
        "--send-to",
        metavar="URL",
        help="also send every request to a running mock at URL (region as path prefix), as the CDP would send it",
    )
    parser.add_argument("events", nargs="?", default="-", help="events file (JSON, array or JSON Lines); - for stdin")


# --- workers -------------------------------------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(flavor: str, mode: str, platform: str | None, settings: dict[str, Any], indent: int | None) -> None:
    _WORKER.update(fn=get_transform(flavor, mode, platform), settings=settings, indent=indent)


def _work(events: list[Any]) -> list[str]:
    fn, settings, indent = _WORKER["fn"], _WORKER["settings"], _WORKER["indent"]
    return [_dumps(safe_call(fn, event, settings), indent) for event in events]


def _dumps(value: Any, indent: int | None) -> str:
    # json.dumps, not json.dump: dump streams through the pure-Python encoder, several times slower.
    return json.dumps(value, ensure_ascii=False, indent=indent)


def _chunks(events: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(events)
    while chunk := list(islice(it, size)):
        yield chunk


def _parallel(events: Iterable[Any], jobs: int, initargs: tuple[Any, ...]) -> Iterator[str]:
    """Results in input order from `jobs` processes, with at most 2 chunks per process in flight (flat memory)."""
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=initargs) as pool:
        pending: deque[Future[list[str]]] = deque()
        for chunk in _chunks(events, CHUNK):
            pending.append(pool.submit(_work, chunk))
            while len(pending) >= 2 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _serial(events: Iterable[Any], initargs: tuple[Any, ...]) -> Iterator[str]:
    _init_worker(*initargs)
    fn, settings, indent = _WORKER["fn"], _WORKER["settings"], _WORKER["indent"]
    for event in events:
        yield _dumps(safe_call(fn, event, settings), indent)


# --- output --------------------------------------------------------------------------------------------------------


def write_results(
    items: Iterable[str], out: TextIO, output: str, indent: int | None, progress: Progress | None = None
) -> int:
    """Write serialised results as one JSON array (byte for byte what `json.dumps(list, indent=indent)` gives) or
    as JSON Lines; returns how many were written."""
    n = 0
    pad = " " * indent if indent is not None else ""
    for item in items:
        if output == "jsonl":
            _write_item(out, item, "", "\n")
            # each line goes out as soon as it is made: a reader at the other end of a pipe (stdout is block-
            # buffered there) must not wait for the rest of the input, which may not have been written yet
            out.flush()
        elif indent is None:
            _write_item(out, item, "[" if n == 0 else ", ", "")
        else:
            _write_item(out, item.replace("\n", "\n" + pad), ("[\n" if n == 0 else ",\n") + pad, "")
        n += 1
        if progress is not None:
            progress.update(n)
    if output == "json":
        if n == 0:
            out.write("[]\n")
        else:
            out.write("\n]\n" if indent is not None else "]\n")
    return n


_SURROGATE = re.compile("[\ud800-\udfff]")


def _write_item(out: TextIO, item: str, before: str, after: str) -> None:
    try:
        out.write(before + item + after)
    except UnicodeEncodeError:  # a lone surrogate (a JS string split into UTF-16 units) cannot be encoded:
        # the same JSON with that character as a \u escape (surrogates only occur inside JSON strings)
        out.write(before + _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", item) + after)


def run(args: argparse.Namespace) -> int:
    if args.indent is not None and (args.indent < 0 or args.output == "jsonl"):
        raise UsageError("--indent takes a number >= 0 and applies to --output json only")
    if args.jobs < 0:
        raise UsageError("--jobs must be 0 (one per CPU) or more")
    settings = load_target_settings(args, "clevertap-harness transform")
    events = iter_events(args.events)
    if args.batch:
        if args.mode != "cloud":
            raise UsageError("--batch is only available in cloud mode")
        try:
            out = transform_batch(list(events), settings, args.flavor)
        except UnknownFlavor as exc:
            raise UsageError(str(exc)) from None
        sender = _Sender(args.send_to) if args.send_to else None
        if sender is not None:
            sender.send(out)
        _write_item(sys.stdout, _dumps(out, args.indent), "", "\n")
        if sender is not None:
            sender.report()
        return 0
    jobs = args.jobs or os.cpu_count() or 1
    initargs = (args.flavor, args.mode, args.platform, settings, args.indent)
    items = _parallel(events, jobs, initargs) if jobs > 1 else _serial(events, initargs)
    sender = _Sender(args.send_to) if args.send_to else None
    if sender is not None:
        items = sender.each(items)
    with Progress("transform: events") as progress:
        write_results(items, sys.stdout, args.output, args.indent, progress)
    if sender is not None:
        sender.report()
    return 0


class _Sender:
    """`--send-to`: every request of the results to a running mock (contracts.delivery), counted for one line."""

    def __init__(self, url: str) -> None:
        import requests

        from contracts.peers import PeerUnreachable, probe_url

        self.url = url.rstrip("/")
        try:
            probe_url(self.url + "/_mock/health", shown=self.url)
        except PeerUnreachable as exc:
            raise UsageError(str(exc).replace("peer", "mock", 1)) from None
        self.session = requests.Session()
        self.sent = self.ok = 0

    def send(self, result: Any) -> None:
        from contracts.delivery import requests_of, send_to_mock

        for request in requests_of(result):
            response = send_to_mock(request, self.url, self.session)
            self.sent += 1
            self.ok += response.status_code < 300

    def each(self, items: Iterable[str]) -> Iterator[str]:
        for item in items:
            self.send(json.loads(item))
            yield item

    def report(self) -> None:
        self.session.close()
        print(
            f"clevertap-harness transform: sent {self.sent} request(s) to {self.url}: {self.ok} answered 2xx",
            file=sys.stderr,
        )
