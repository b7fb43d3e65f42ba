"""Transformers to verify goldens against: this project's, a running rudder-transformer, any program, or what a
transformer already sent to a running mock.

Every adapter is a `Peer`:

* `name` names it in reports (`project`, `rudderstack=http://…`, `command=…`, `mock=http://…`).
* `transform(events, settings, flavor, mode="cloud", platform=None)` returns one transform result entry per
  event, in input order; `transform_batch(events, settings, flavor)` returns the `--batch` shape
  (`{"batches": [...], "errors": [...]}`). Fuzzing calls `transform` directly with random events.
* `supports(flavor, mode, platform, batch)` returns None, or the reason the peer cannot run such a scenario
  (reported as SKIP, never as a pass).
* `run_golden(golden)` is what `verify` calls; `prepare(goldens, jobs)` lets a peer fetch many answers at once
  first (see grouping below); `notes()` returns run-level remarks for the report.
* `loose_numbers`: compare numbers by value (`15` == `15.0`, never `true` == `1`); on for third-party peers,
  whose JSON comes from JavaScript, off for this project's transformer.

Errors: `PeerError` when the peer could not answer (unreachable, crashed, unreadable output) — reported as
ERROR; `PeerUnsupported` when it cannot run the scenario at all — reported as SKIP.

Grouping: the HTTP and command peers send the events of all goldens that share flavour, mode, platform and
settings in one call (per-event transforms are independent), then split the answer back per
golden; if a grouped call fails, each golden is retried on its own so the failure lands on the right scenario.
`group=False` turns this off.

`parse_against("rudderstack=URL" | "command=CMD" | "mock=URL" | "project")` builds a peer from a `--against`
value. The command placeholders and the journal matching rules are described on `CommandPeer` and
`MockJournalPeer`.

The Node runner of Segment's Actions destination, used by tests/contracts/test_segment_actions_peer.py, lives in
the data folder `contracts/peer_runners/node/`.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests

from transformer import UnknownFlavor, js, transform, transform_batch

from . import rudderstack_format as rsf
from .reverse import REVERSE_FLAVOR, run_reverse

DEFAULT_TIMEOUT = 60.0


class PeerError(RuntimeError):
    """The peer did not give a usable answer (not reachable, crashed, output not in the expected shape)."""


class PeerUnreachable(PeerError):
    """Nothing answers at the peer's URL (connection refused, unknown host, no answer in time)."""


def probe_url(url: str, timeout: float = 5.0, shown: str | None = None) -> None:
    """Raise `PeerUnreachable` when nothing answers at `url`; any HTTP answer (even a 404) means it is up."""
    import requests

    try:
        requests.get(url, timeout=timeout, allow_redirects=False).close()
    except (requests.ConnectionError, requests.Timeout):
        raise PeerUnreachable(f"peer not reachable at {shown or url}") from None
    except requests.RequestException as exc:
        raise PeerUnreachable(f"peer not reachable at {shown or url} ({type(exc).__name__})") from None


class PeerUnsupported(Exception):
    """The peer cannot run this kind of scenario (another flavour, device mode, ...)."""


def _settings_key(golden: Any) -> tuple:
    return (golden.flavor, golden.mode, golden.platform, json.dumps(golden.settings, sort_keys=True))


class Peer:
    """Base class: subclasses implement `transform` (and `transform_batch` when they can batch)."""

    name: str = "peer"
    loose_numbers: bool = True
    group: bool = False
    # called as on_progress(done, total) while `prepare` calls the peer (the CLI's progress line)
    on_progress: Callable[[int, int], None] | None = None

    def __init__(self) -> None:
        self._cache: dict[str, tuple[bool, Any]] = {}

    # -- what a peer implements ----------------------------------------------------------------------------------
    def transform(
        self,
        events: Sequence[Any],
        settings: dict[str, Any],
        flavor: str,
        mode: str = "cloud",
        platform: str | None = None,
    ) -> list[dict[str, Any]]:
        raise NotImplementedError

    def transform_batch(self, events: Sequence[Any], settings: dict[str, Any], flavor: str) -> dict[str, Any]:
        raise PeerUnsupported(f"{self.name} does not batch")

    def supports(self, flavor: str, mode: str, platform: str | None, batch: bool) -> str | None:
        return None

    def notes(self) -> list[str]:
        return []

    def probe(self) -> None:
        """Raise `PeerUnreachable` before a run when the peer cannot be reached at all (HTTP peers)."""

    def close(self) -> None:
        pass

    def __enter__(self) -> Peer:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- running goldens -----------------------------------------------------------------------------------------
    def _run_uncached(self, golden: Any) -> Any:
        if golden.flavor == REVERSE_FLAVOR and not isinstance(self, ProjectPeer):
            raise PeerUnsupported("clevertap-export goldens run against this project's export simulation only")
        reason = self.supports(golden.flavor, golden.mode, golden.platform, golden.batch)
        if reason:
            raise PeerUnsupported(reason)
        if golden.batch:
            out: Any = self.transform_batch(golden.input, golden.settings, golden.flavor)
            if not isinstance(out, dict):
                raise PeerError(f"{self.name}: a batch answer is a JSON object, got {type(out).__name__}")
            return out
        out = self.transform(golden.input, golden.settings, golden.flavor, golden.mode, golden.platform)
        _check_entries(self.name, out, len(golden.input))
        return out

    def run_golden(self, golden: Any) -> Any:
        """This peer's transform result for a golden's input (one entry per event, or the batch object)."""
        cached = self._cache.pop(golden.id, None)
        if cached is not None:
            ok, value = cached
            if ok:
                return value
            raise value
        return self._run_uncached(golden)

    def prepare(self, goldens: Sequence[Any], jobs: int = 1) -> None:
        """Compute answers ahead of `run_golden`, in parallel (`jobs` threads) and, when `group` is set, one call
        per group of goldens sharing flavour, mode, platform and settings."""
        if jobs <= 1 and not self.group:
            return
        tasks: list[list[Any]] = []
        groups: dict[tuple, list[Any]] = {}
        for g in goldens:
            if self.supports(g.flavor, g.mode, g.platform, g.batch):
                continue
            if self.group and not g.batch:
                groups.setdefault(_settings_key(g), []).append(g)
            else:
                tasks.append([g])
        tasks.extend(groups.values())

        def work(members: list[Any]) -> None:
            if len(members) > 1:
                first = members[0]
                events = [e for g in members for e in g.input]
                try:
                    out = self.transform(events, first.settings, first.flavor, first.mode, first.platform)
                    _check_entries(self.name, out, len(events))
                except (PeerError, PeerUnsupported):
                    pass  # retried one golden at a time below, so the error lands on the right scenario
                else:
                    at = 0
                    for g in members:
                        self._cache[g.id] = (True, out[at : at + len(g.input)])
                        at += len(g.input)
                    return
            for g in members:
                try:
                    self._cache[g.id] = (True, self._run_uncached(g))
                except Exception as exc:  # noqa: BLE001 - handed to the runner, which reports it
                    self._cache[g.id] = (False, exc)

        done = [0]
        lock = threading.Lock()

        def tracked(members: list[Any]) -> None:
            work(members)
            if self.on_progress is not None:
                with lock:
                    done[0] += len(members)
                    self.on_progress(done[0], total)

        total = sum(len(t) for t in tasks)
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            list(pool.map(tracked, tasks))


def _check_entries(name: str, out: Any, n_events: int) -> None:
    if not isinstance(out, list):
        raise PeerError(f"{name}: expected a JSON array of result entries, got {type(out).__name__}")
    if len(out) != n_events:
        raise PeerError(f"{name}: {len(out)} result entries for {n_events} events (one result entry per event)")


# --- this project's transformer ----------------------------------------------------------------------------------


class ProjectPeer(Peer):
    """This project's transformer, in process."""

    name = "project"
    loose_numbers = False

    def prepare(self, goldens, jobs=1):
        pass  # in process and fast: nothing to gain from threads

    def transform(self, events, settings, flavor, mode="cloud", platform=None):

        try:
            return transform(events, settings, flavor, mode, platform)
        except UnknownFlavor as exc:
            raise PeerUnsupported(str(exc)) from None

    def transform_batch(self, events, settings, flavor):

        if flavor == REVERSE_FLAVOR:
            try:
                return run_reverse(list(events), settings)
            except ValueError as exc:
                raise PeerError(str(exc)) from None

        try:
            return transform_batch(events, settings, flavor)
        except UnknownFlavor as exc:
            raise PeerUnsupported(str(exc)) from None


# --- rudder-transformer over HTTP, or in process from a checkout ----------------------------------------------------


class PeerRefused(PeerError):
    """The peer's HTTP layer refused a whole request (status and the text it answered)."""

    def __init__(self, message: str, status: int, text: str) -> None:
        super().__init__(message)
        self.status = status
        self.text = text


class RudderStackHttpPeer(Peer):
    """A running rudder-transformer: `POST {url}/v0/destinations/clevertap` (processor) for per-event goldens and
    `POST {url}/routerTransform` for batch goldens, in RudderStack's own request/response format (converted by
    `contracts.rudderstack_format`). Only RudderStack cloud-mode scenarios; others are skipped.

    Its HTTP layer refuses a whole request whose body holds a `__proto__` key (400 "Object contains forbidden
    prototype property"). When several events were sent together, each is then sent on its own; an event refused
    on its own gets that answer as its result entry (`{"error": {"status": 400, "message": ...}}`), which is what
    replaying it as production traffic shows. Answers are read as JSON.parse reads them (`transformer.js.loads`)."""

    def __init__(self, url: str, timeout: float = DEFAULT_TIMEOUT, group: bool = True) -> None:
        super().__init__()
        url = url.rstrip("/")
        for suffix in (rsf.PROCESSOR_PATH, rsf.ROUTER_PATH):
            if url.endswith(suffix):
                url = url[: -len(suffix)]
        self.url = url
        self.name = f"rudderstack={url}"
        self.timeout = timeout
        self.group = group
        self._session: Any = None

    def _post(self, path: str, payload: Any) -> Any:

        if self._session is None:
            self._session = requests.Session()
        try:
            resp = self._session.post(
                self.url + path,
                data=js.stringify(payload).encode("utf-8"),
                headers={"Content-Type": "application/json"},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise PeerError(f"{self.name}: POST {path} failed: {exc}") from None
        if resp.status_code != 200:
            raise PeerRefused(
                f"{self.name}: POST {path} answered HTTP {resp.status_code}: {resp.text[:300]}",
                resp.status_code,
                resp.text,
            )
        try:
            return js.loads(resp.text)
        except ValueError:
            raise PeerError(f"{self.name}: POST {path} did not answer JSON: {resp.text[:300]}") from None

    def probe(self) -> None:
        probe_url(self.url, timeout=min(self.timeout, 5.0))

    def supports(self, flavor, mode, platform, batch):
        if flavor != "rudderstack" or mode != "cloud":
            return f"rudder-transformer runs RudderStack cloud-mode scenarios only (this one is {flavor} {mode})"
        return None

    def _processor(self, events: list[Any], settings: dict[str, Any]) -> list[dict[str, Any]]:
        items = self._post(rsf.PROCESSOR_PATH, rsf.processor_request(events, settings))
        if not isinstance(items, list):
            raise PeerError(f"{self.name}: the processor answer is not a list: {json.dumps(items)[:300]}")
        by_job: dict[Any, list[dict[str, Any]]] = {}
        for item in items:
            job = (item.get("metadata") or {}).get("jobId") if isinstance(item, dict) else None
            by_job.setdefault(job, []).append(item)
        out = []
        for job in range(1, len(events) + 1):
            if job not in by_job:
                raise PeerError(f"{self.name}: no output for event {job - 1} (jobId {job})")
            out.append(rsf.processor_result(by_job[job]))
        return out

    def transform(self, events, settings, flavor="rudderstack", mode="cloud", platform=None):
        reason = self.supports(flavor, mode, platform, False)
        if reason:
            raise PeerUnsupported(reason)
        events = list(events)
        if not events:
            return []
        try:
            return self._processor(events, settings)
        except PeerRefused as exc:
            if exc.status != 400:
                raise
            if len(events) == 1:
                return [{"error": {"status": exc.status, "message": _refusal_message(exc.text)}}]
        out: list[dict[str, Any]] = []
        for event in events:  # one refused event must not hide the others
            out.extend(self.transform([event], settings, flavor, mode, platform))
        return out

    def transform_batch(self, events, settings, flavor="rudderstack"):
        reason = self.supports(flavor, "cloud", None, True)
        if reason:
            raise PeerUnsupported(reason)
        request = rsf.router_request(list(events), settings)
        answer = self._post(rsf.ROUTER_PATH, request)
        if not isinstance(answer, dict) or not isinstance(answer.get("output"), list):
            raise PeerError(f"{self.name}: the router answer has no 'output' list: {json.dumps(answer)[:300]}")
        return rsf.router_result(answer["output"], request["input"])

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None


def _refusal_message(text: str) -> str:
    """The words of a refused request: its JSON body's `message` (rudder-transformer's error middleware answers
    `{"error": "Internal Server Error", "message": ...}`), else the body text."""
    try:
        body = json.loads(text)
    except ValueError:
        return text.strip()
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return body["message"]
    return text.strip()


RUDDERSTACK_RUNNER = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "peer_runners", "rudder-transformer", "runner.js"
)
_RUNNER_MARK = "@@clevertap-harness-peer@@ "


class RudderStackCheckoutPeer(RudderStackHttpPeer):
    """rudder-transformer from a built checkout the user points at (`npm ci && npm run build` in a clone of
    https://github.com/rudderlabs/rudder-transformer), started on a loopback port this peer picks.

    `contracts/peer_runners/rudder-transformer/runner.js` (this project's code) serves the checkout's own destination
    routes behind its own error middleware and body parser, as its server does, without metrics, clustering or
    swagger. Everything else is the HTTP peer's; the process ends with `close()`."""

    def __init__(self, checkout: str, timeout: float = DEFAULT_TIMEOUT, node: str = "node") -> None:
        super().__init__("http://127.0.0.1:0", timeout=timeout)
        self.checkout = os.path.abspath(checkout)
        self.name = f"rudderstack-checkout={self.checkout}"
        self.node = node
        self._proc: subprocess.Popen[str] | None = None

    def _start(self) -> None:
        if shutil.which(self.node) is None:
            raise PeerError(f"{self.name}: {self.node!r} is not on PATH (Node.js runs the checkout)")
        built = os.path.join(self.checkout, "dist", "src", "routes", "destination.js")
        if not os.path.isfile(built):
            raise PeerError(f"{self.name}: no build found ({built} is missing; run `npm ci && npm run build` there)")
        env = {**os.environ, "TZ": "UTC", "LOG_LEVEL": "error"}
        self._proc = proc = subprocess.Popen(
            [self.node, RUDDERSTACK_RUNNER, self.checkout],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        assert proc.stdout is not None
        for line in proc.stdout:  # the checkout may log first; the runner's line carries the port
            if line.startswith(_RUNNER_MARK):
                self.url = f"http://127.0.0.1:{json.loads(line[len(_RUNNER_MARK) :])['port']}"
                return
        self.close()
        raise PeerError(f"{self.name}: the runner exited before listening (code {proc.poll()})")

    def probe(self) -> None:
        """Start the runner now, so a checkout that cannot serve (no build, no Node, a crash on start) is reported
        before the run rather than as an error per scenario."""
        try:
            if self._proc is None or self._proc.poll() is not None:
                self._start()
        except PeerError as exc:
            raise PeerUnreachable(str(exc)) from None

    def _post(self, path: str, payload: Any) -> Any:
        if self._proc is None or self._proc.poll() is not None:
            self._start()
        return super()._post(path, payload)

    def close(self) -> None:
        super().close()
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            if proc.stdin is not None:
                proc.stdin.close()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


# --- any program -------------------------------------------------------------------------------------------------


class CommandPeer(Peer):
    """Any program that reads events and prints transform results as JSON.

    The command line is split like a shell would (`shlex`) but run without a shell (write `sh -c '…'` for
    pipes). Per call, the peer writes the settings to a temporary JSON file and substitutes these placeholders
    inside the arguments:

    | placeholder  | becomes |
    |---|---|
    | `{settings}` | path of the settings file (a JSON object, names as `transform --settings` takes them) |
    | `{events}`   | path of a file holding the events as a JSON array (stdin gets them too) |
    | `{flavor}` `{mode}` `{platform}` | the golden's flavour, mode, platform (empty when none) |
    | `{batch}`    | `--batch` for a batch golden, else nothing |
    | `{options}`  | `--flavor F --mode M [--platform P] [--batch]`: this project's `transform` options |

    An argument that is empty after substitution is dropped. The same values are in the environment:
    `CLEVERTAP_HARNESS_FLAVOR`, `_MODE`, `_PLATFORM`, `_BATCH` (`1`/`0`), `_SETTINGS` (the JSON text) and
    `_SETTINGS_FILE`, for programs that prefer not to take arguments. The events are always written to stdin
    as one JSON array. The program prints one JSON array with one entry per event (or, for a batch golden, the
    `{"batches", "errors"}` object) and exits 0; anything else is a PeerError. Batch goldens are skipped unless
    the command uses `{batch}` or `{options}`.

    Self-check: `--against command='clevertap-harness transform {options} --settings {settings}'`.
    """

    def __init__(self, cmd: str, timeout: float = DEFAULT_TIMEOUT, group: bool = True) -> None:
        super().__init__()
        try:
            self.argv = shlex.split(cmd)
        except ValueError as exc:
            raise ValueError(f"cannot split command {cmd!r}: {exc}") from None
        if not self.argv:
            raise ValueError("empty command")
        if shutil.which(self.argv[0]) is None:
            raise ValueError(f"command not found: {self.argv[0]} (not on PATH and not an executable file)")
        self.cmd = cmd
        self.name = f"command={cmd}"
        self.timeout = timeout
        self.group = group
        self.batches = "{batch}" in cmd or "{options}" in cmd

    def supports(self, flavor, mode, platform, batch):
        if batch and not self.batches:
            return "batch golden: the command has no {batch} or {options} placeholder"
        return None

    def _argv(self, values: dict[str, str], options: list[str]) -> list[str]:
        argv: list[str] = []
        for arg in self.argv:
            if arg == "{options}":
                argv.extend(options)
                continue
            for key, value in values.items():
                arg = arg.replace("{" + key + "}", value)
            if arg:
                argv.append(arg)
        return argv

    def _call(
        self, events: list[Any], settings: dict[str, Any], flavor: str, mode: str, platform: str | None, batch: bool
    ) -> Any:
        with tempfile.TemporaryDirectory(prefix="clevertap-peer-") as tmp:
            settings_file = os.path.join(tmp, "settings.json")
            events_file = os.path.join(tmp, "events.json")
            # JSON.stringify's text: UTF-8 safe (a lone surrogate is an escape), numbers as JavaScript writes them
            events_text = js.stringify(events)
            with open(settings_file, "w", encoding="utf-8") as fh:
                fh.write(js.stringify(settings))
            with open(events_file, "w", encoding="utf-8") as fh:
                fh.write(events_text)
            values = {
                "settings": settings_file,
                "events": events_file,
                "flavor": flavor,
                "mode": mode,
                "platform": platform or "",
                "batch": "--batch" if batch else "",
            }
            options = ["--flavor", flavor, "--mode", mode] + (["--platform", platform] if platform else [])
            options += ["--batch"] if batch else []
            env = dict(os.environ)
            env.update(
                {
                    "CLEVERTAP_HARNESS_FLAVOR": flavor,
                    "CLEVERTAP_HARNESS_MODE": mode,
                    "CLEVERTAP_HARNESS_PLATFORM": platform or "",
                    "CLEVERTAP_HARNESS_BATCH": "1" if batch else "0",
                    "CLEVERTAP_HARNESS_SETTINGS": js.stringify(settings),
                    "CLEVERTAP_HARNESS_SETTINGS_FILE": settings_file,
                }
            )
            argv = self._argv(values, options)
            try:
                proc = subprocess.run(
                    argv,
                    input=events_text,
                    capture_output=True,
                    text=True,
                    env=env,
                    timeout=self.timeout,
                    encoding="utf-8",
                )
            except FileNotFoundError:
                raise PeerError(f"{self.name}: program not found: {argv[0]}") from None
            except subprocess.TimeoutExpired:
                raise PeerError(f"{self.name}: no answer within {self.timeout:g} s") from None
        if proc.returncode != 0:
            tail = " | ".join((proc.stderr or proc.stdout).strip().splitlines()[-3:])
            raise PeerError(f"{self.name}: exit status {proc.returncode}: {tail}")
        try:
            return json.loads(proc.stdout)
        except json.JSONDecodeError as exc:
            raise PeerError(f"{self.name}: output is not JSON ({exc.msg}): {proc.stdout[:200]!r}") from None

    def transform(self, events, settings, flavor, mode="cloud", platform=None):
        return self._call(list(events), settings, flavor, mode, platform, False)

    def transform_batch(self, events, settings, flavor):
        if not self.batches:
            raise PeerUnsupported("the command has no {batch} or {options} placeholder")
        return self._call(list(events), settings, flavor, "cloud", None, True)


# --- what a transformer sent to a running mock -------------------------------------------------------------------

JOURNAL_HEADERS = ("X-CleverTap-Account-Id", "X-CleverTap-Passcode", "Content-Type")


def journal_request(entry: dict[str, Any]) -> dict[str, Any]:
    """A mock journal entry rebuilt as a transform-result request: the CleverTap URL it was meant for
    (`https://[<region>.]api.clevertap.com<path>[?query]`), the CleverTap headers (canonical names; other
    headers such as User-Agent are dropped) and the parsed body (the raw text when it was not JSON)."""
    region = entry.get("region")
    host = f"{region}.api.clevertap.com" if region else "api.clevertap.com"
    url = f"https://{host}{entry.get('path', '')}"
    if entry.get("query"):
        url += "?" + urlencode(entry["query"], doseq=True)
    sent = {k.lower(): v for k, v in (entry.get("headers") or {}).items()}
    headers = {name: sent[name.lower()] for name in JOURNAL_HEADERS if name.lower() in sent}
    body = entry.get("body")
    if body is None and entry.get("raw_body") is not None:
        body = entry["raw_body"]
    return {"method": str(entry.get("method", "")).upper(), "url": url, "headers": headers, "body": body}


REDACTED = "[redacted]"  # what the mock journals instead of a passcode unless told to keep them
_PASSCODE = "X-CleverTap-Passcode"


def _exact_key(request: dict[str, Any]) -> str:
    # The passcode is left out of the key: the mock may have journaled it as "[redacted]". It is still compared
    # afterwards whenever the journal kept it.
    headers = {
        k.lower(): v for k, v in (request.get("headers") or {}).items() if k in JOURNAL_HEADERS and k != _PASSCODE
    }
    return json.dumps(
        [str(request.get("method", "")).upper(), request.get("url"), headers, request.get("body")],
        sort_keys=True,
        ensure_ascii=False,
    )


def _near_key(request: dict[str, Any]) -> str:
    """Same endpoint path and the same first record (type, identity/objectId, evtName)."""
    body = request.get("body")
    records = body.get("d") if isinstance(body, dict) else None
    first = records[0] if isinstance(records, list) and records and isinstance(records[0], dict) else {}
    who = [first.get(k) for k in ("type", "identity", "objectId", "evtName")]
    return json.dumps(
        [str(request.get("method", "")).upper(), urlsplit(str(request.get("url"))).path, who],
        sort_keys=True,
        ensure_ascii=False,
    )


class MockJournalPeer(Peer):
    """Compares what a transformer actually SENT to a running mock (its journal) with the goldens.

    Nothing is transformed here: run the transformer under test on the goldens' inputs with its CleverTap
    requests pointed at the mock (`clevertap-harness serve`), then `verify --against mock=URL`.

    Matching (journal entries carry no golden id): the journal is read once, oldest first, and every
    request a selected golden expects claims one unclaimed entry, in two rounds over all selected goldens in
    report order: (1) an entry identical in method, URL (region host + path + query), CleverTap headers and
    body; (2) for what is still unmatched, the oldest entry to the same path whose first record has the same
    type, identity/objectId and evtName — a near miss, which the report then diffs field by field. An expected
    request that claims nothing is reported missing. So the order in which requests were sent does not matter,
    and a request sent twice leaves one copy unclaimed.

    Not observable through a journal, hence not compared: error entries (an event that sends nothing) and the
    `errors` list of a batch golden — they are copied from the golden and counted in the notes. Device-mode
    goldens are skipped (SDK calls do not reach a server). Journal entries no golden claimed are counted in the
    notes; they do not fail the run (with `--only`, other traffic is normal).
    """

    def __init__(self, url: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        super().__init__()
        self.url = url.rstrip("/")
        self.name = f"mock={self.url}"
        self.timeout = timeout
        self._journal: list[dict[str, Any]] | None = None
        self._claimed: set[int] = set()
        self._dropped = 0
        self._unobserved = 0
        self._redacted = 0
        self._prepared: dict[str, Any] = {}

    def probe(self) -> None:
        probe_url(self.url + "/_mock/health", timeout=min(self.timeout, 5.0), shown=self.url)

    def supports(self, flavor, mode, platform, batch):
        if mode != "cloud":
            return "device-mode SDK calls never reach the mock's journal"
        return None

    def transform(self, events, settings, flavor, mode="cloud", platform=None):
        raise PeerUnsupported("the mock journal peer compares recorded requests with goldens; it cannot transform")

    def _load(self) -> list[dict[str, Any]]:
        if self._journal is None:
            try:
                resp = requests.get(f"{self.url}/_mock/requests", timeout=self.timeout)
                resp.raise_for_status()
                data = js.loads(resp.text)  # bodies' numbers as the JavaScript senders and goldens hold them
            except (requests.RequestException, ValueError) as exc:
                raise PeerError(f"{self.name}: cannot read the journal: {exc}") from None
            self._dropped = int(data.get("dropped") or 0)
            self._journal = [journal_request(e) for e in data.get("requests", [])]
        return self._journal

    @staticmethod
    def _expected_requests(golden: Any) -> list[list[dict[str, Any]]]:
        if golden.batch:
            return [list(golden.expected.get("batches", []))]
        return [list(entry.get("requests", [])) if isinstance(entry, dict) else [] for entry in golden.expected]

    def prepare(self, goldens: Sequence[Any], jobs: int = 1) -> None:
        selected = [g for g in goldens if not self.supports(g.flavor, g.mode, g.platform, g.batch)]
        if not selected:
            return
        journal = self._load()
        # slots[golden id][entry index][request index] -> journal index or None
        slots: dict[str, list[list[int | None]]] = {}
        wanted = {g.id: self._expected_requests(g) for g in selected}
        for round_key in (_exact_key, _near_key):
            index: dict[str, list[int]] = {}
            for j, req in enumerate(journal):
                if j not in self._claimed:
                    index.setdefault(round_key(req), []).append(j)
            for g in selected:
                entry_slots = slots.setdefault(g.id, [[None] * len(reqs) for reqs in wanted[g.id]])
                for e, reqs in enumerate(wanted[g.id]):
                    for k, req in enumerate(reqs):
                        if entry_slots[e][k] is not None:
                            continue
                        bucket = index.get(round_key(req))
                        while bucket and bucket[0] in self._claimed:
                            bucket.pop(0)
                        if bucket:
                            j = bucket.pop(0)
                            self._claimed.add(j)
                            entry_slots[e][k] = j
        for g in selected:
            got_lists = [
                [self._unredacted(journal[j], reqs[k]) for k, j in enumerate(entry) if j is not None]
                for entry, reqs in zip(slots[g.id], wanted[g.id], strict=True)
            ]
            if g.batch:
                errors = g.expected.get("errors", [])
                self._unobserved += len(errors)
                self._prepared[g.id] = {"batches": got_lists[0], "errors": errors}
            else:
                got = []
                for entry, reqs in zip(g.expected, got_lists, strict=False):
                    if isinstance(entry, dict) and "requests" in entry:
                        got.append({"requests": reqs})
                    else:
                        self._unobserved += 1
                        got.append(entry)
                self._prepared[g.id] = got

    def _unredacted(self, got: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
        """A journaled request whose passcode the mock redacted gets the expected one (and is counted in the
        notes): what the mock did not keep cannot be compared."""
        headers = got.get("headers") or {}
        if headers.get(_PASSCODE) != REDACTED or _PASSCODE not in (expected.get("headers") or {}):
            return got
        self._redacted += 1
        return {**got, "headers": {**headers, _PASSCODE: expected["headers"][_PASSCODE]}}

    def run_golden(self, golden: Any) -> Any:
        reason = self.supports(golden.flavor, golden.mode, golden.platform, golden.batch)
        if reason:
            raise PeerUnsupported(reason)
        if golden.id not in self._prepared:
            self.prepare([golden])
        return self._prepared[golden.id]

    def unclaimed(self) -> list[dict[str, Any]]:
        return [r for j, r in enumerate(self._journal or []) if j not in self._claimed]

    def notes(self) -> list[str]:
        notes = []
        if self._journal is not None:
            notes.append(
                f"journal: {len(self._journal)} request(s), {len(self._claimed)} matched a golden, "
                f"{len(self._journal) - len(self._claimed)} matched none"
            )
        if self._unobserved:
            notes.append(
                f"{self._unobserved} error result(s) (events that send nothing) cannot be seen in a journal "
                "and were not compared"
            )
        if self._redacted:
            notes.append(
                f"{self._redacted} request(s) were journaled with the passcode redacted, so passcodes were not "
                "compared (start the mock with journal_passcodes on to compare them)"
            )
        if self._dropped:
            notes.append(f"the mock's journal dropped {self._dropped} old request(s): raise its cap")
        return notes


# --- --against ---------------------------------------------------------------------------------------------------

AGAINST_KINDS = ("project", "rudderstack=URL", "rudderstack-checkout=PATH", "command=CMD", "mock=URL")


def parse_against(spec: str, timeout: float = DEFAULT_TIMEOUT) -> Peer:
    """A peer from a `--against` value: `rudderstack=URL`, `rudderstack-checkout=PATH`, `command=CMD`, `mock=URL`
    or `project`."""
    if spec.strip() == "project":
        return ProjectPeer()
    kind, sep, value = spec.partition("=")
    kind, value = kind.strip(), value.strip()
    if not sep or not value:
        raise ValueError(f"--against {spec!r}: expected one of {', '.join(AGAINST_KINDS)}")
    if kind == "rudderstack":
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"--against rudderstack=URL needs an http(s) URL, got {value!r}")
        return RudderStackHttpPeer(value, timeout=timeout)
    if kind == "rudderstack-checkout":
        if not os.path.isdir(value):
            raise ValueError(
                f"--against rudderstack-checkout=PATH needs a rudder-transformer checkout, {value!r} is not"
            )
        return RudderStackCheckoutPeer(value, timeout=timeout)
    if kind == "command":
        return CommandPeer(value, timeout=timeout)
    if kind == "mock":
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"--against mock=URL needs an http(s) URL, got {value!r}")
        return MockJournalPeer(value, timeout=timeout)
    raise ValueError(f"--against {spec!r}: unknown peer {kind!r} (expected one of {', '.join(AGAINST_KINDS)})")
