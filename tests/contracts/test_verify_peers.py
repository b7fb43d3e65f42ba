"""`verify --against`: the command peer with this project's own CLI, the mock-journal peer fed over HTTP, and the
rudder-transformer peer against a small fake server answering in rudder-transformer's format."""

from __future__ import annotations

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from clevertap_harness.cli import main
from contracts import rudderstack_format as rsf
from contracts.delivery import requests_of, send_to_mock
from contracts.golden import iter_goldens
from contracts.peers import (
    CommandPeer,
    MockJournalPeer,
    PeerError,
    PeerUnsupported,
    ProjectPeer,
    RudderStackHttpPeer,
    parse_against,
)
from contracts.runner import run_goldens, select_goldens
from mock_clevertap.config import MockConfig
from mock_clevertap.server import MockServer
from tests.contracts.rudderstack_router import transform_router_request
from transformer import transform, transform_batch

ALL = iter_goldens()
RS_GOLDENS = [g for g in ALL if g.flavor == "rudderstack" and g.mode == "cloud"]
CLOUD = [g for g in ALL if g.mode == "cloud"]
OWN_CLI = (
    f"{sys.executable} -m clevertap_harness.cli transform {{options}} --allow-missing-settings --settings {{settings}}"
)


def _verify(capsys, *argv):
    code = main(["verify", *argv])
    out, err = capsys.readouterr()
    return code, out, err


# --- command= ---------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_command_peer_with_our_own_cli_passes_every_golden(capsys):
    code, out, _ = _verify(capsys, "--against", f"command={OWN_CLI}", "-q")
    assert code == 0, out
    assert out.splitlines()[-1].startswith(f"OK: {len(ALL)} scenarios against command=")
    n_reverse = sum(g.flavor == "clevertap-export" for g in ALL)  # reverse-flow goldens run in process only
    assert f"{len(ALL) - n_reverse} passed, 0 failed, 0 errors, {n_reverse} skipped" in out


@pytest.mark.slow
def test_command_peer_fixed_flavour_skips_batch_goldens_without_placeholder(capsys):
    cmd = (
        f"{sys.executable} -m clevertap_harness.cli transform --flavor rudderstack --allow-missing-settings "
        "--settings {settings}"
    )
    code, out, _ = _verify(capsys, "--against", f"command={cmd}", "--only", "rudderstack/cloud/**")
    assert code == 0
    assert sum(line.startswith("SKIP") for line in out.splitlines()) == sum(g.batch for g in RS_GOLDENS)
    assert "has no {batch} or {options} placeholder" in out


ENV_PEER = (
    "import json, os, sys; events = json.load(open(sys.argv[1])); "
    "settings = json.loads(os.environ['CLEVERTAP_HARNESS_SETTINGS']); "
    "assert json.load(open(os.environ['CLEVERTAP_HARNESS_SETTINGS_FILE'])) == settings; "
    "assert json.load(sys.stdin) == events; "
    "from transformer import transform; "
    "print(json.dumps(transform(events, settings, os.environ['CLEVERTAP_HARNESS_FLAVOR'], "
    "os.environ['CLEVERTAP_HARNESS_MODE'], os.environ['CLEVERTAP_HARNESS_PLATFORM'] or None)))"
)


def test_command_peer_environment_and_events_file():
    peer = CommandPeer(f'{sys.executable} -c "{ENV_PEER}" {{events}}')
    golden = next(g for g in ALL if g.platform == "ios")
    # the signature fuzzing relies on
    assert peer.transform(
        golden.input, golden.settings, golden.flavor, golden.mode, golden.platform
    ) == ProjectPeer().transform(golden.input, golden.settings, golden.flavor, golden.mode, golden.platform)


@pytest.mark.parametrize(
    "script, message",
    [
        ("import sys; sys.stderr.write('boom'); sys.exit(3)", "exit status 3: boom"),
        ("print('not json')", "output is not JSON"),
        ("print('[]')", "0 result entries for 1 events"),
    ],
)
def test_command_peer_failures_are_errors_on_the_right_scenario(script, message):
    peer = CommandPeer(f'{sys.executable} -c "{script}"')
    golden = next(g for g in ALL if g.id == "rudderstack/cloud/track_basic")
    run = run_goldens(peer, [golden])
    assert run.results[0].status == "ERROR" and message in run.results[0].message


# --- mock= ------------------------------------------------------------------------------------------------------


def _send_all(mock_url, goldens, tamper=None):
    session = requests.Session()
    project = ProjectPeer()
    for golden in goldens:
        for request in requests_of(project.run_golden(golden)):
            if tamper:
                request = tamper(golden, request)
            if request is not None:
                assert send_to_mock(request, mock_url, session).status_code in (200, 400, 401)


@pytest.mark.slow
def test_mock_peer_every_cloud_golden_sent_over_http_matches_the_journal(capsys):
    with MockServer(MockConfig(journal_passcodes=True)) as mock:
        # sent in reverse order: matching is by content, not by position in the journal
        _send_all(mock.url, list(reversed(CLOUD)))
        code, out, _ = _verify(capsys, "--against", f"mock={mock.url}", "-q")
    assert code == 0, out
    n_device = len(ALL) - len(CLOUD)
    assert f"{len(CLOUD)} passed, 0 failed, 0 errors, {n_device} skipped" in out
    assert "0 matched none" in out


def test_mock_peer_reports_a_changed_and_a_missing_request(capsys):
    changed, dropped = "rudderstack/cloud/track_basic", "rudderstack/cloud/alias_basic"

    def tamper(golden, request):
        if golden.id == dropped:
            return None
        if golden.id == changed:
            request = json.loads(json.dumps(request))
            request["body"]["d"][0]["evtData"]["extra"] = 1
            request["headers"]["X-CleverTap-Passcode"] = "WRONG"
        return request

    rs_cloud = [g for g in CLOUD if g.flavor == "rudderstack"]
    with MockServer(MockConfig(journal_passcodes=True)) as mock:
        extra = next(g for g in rs_cloud if g.id == "rudderstack/cloud/track_identity_user_id")
        _send_all(mock.url, rs_cloud + [extra], tamper)  # plus one duplicate, left unclaimed
        code, out, _ = _verify(capsys, "--against", f"mock={mock.url}", "--only", "rudderstack/cloud/**", "--json")
    report = json.loads(out)
    assert code == 1
    by_id = {r["id"]: r for r in report["results"]}
    assert {r["id"] for r in report["results"] if r["status"] == "FAIL"} == {changed, dropped}
    assert {(d["path"], d["kind"]) for d in by_id[changed]["differences"]} == {
        ("root[0]['requests'][0]['body']['d'][0]['evtData']['extra']", "unexpected"),
        ("root[0]['requests'][0]['headers']['X-CleverTap-Passcode']", "changed"),
    }
    assert by_id[dropped]["differences"][0]["kind"] == "missing"
    assert any("1 matched none" in note for note in report["notes"]), report["notes"]


def test_mock_peer_cannot_transform_and_skips_device_mode():
    peer = MockJournalPeer("http://127.0.0.1:9")
    with pytest.raises(PeerUnsupported):
        peer.transform([{}], {}, "rudderstack")
    device = next(g for g in ALL if g.mode == "device")
    assert run_goldens(peer, [device]).results[0].status == "SKIP"
    cloud = next(g for g in CLOUD)
    assert run_goldens(peer, [cloud]).results[0].status == "ERROR"  # nothing listens on port 9


# --- rudderstack= against a fake rudder-transformer ---------------------------------------------------------------


def _js_numbers(value):
    """JSON as Node prints it: 15.0 is 15."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _js_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_js_numbers(v) for v in value]
    return value


def _rs_output(request):
    return {
        "version": "1",
        "type": "REST",
        "method": request["method"],
        "endpoint": request["url"],
        "headers": request["headers"],
        "params": {},
        "body": {"JSON": request["body"], "JSON_ARRAY": {}, "XML": {}, "FORM": {}},
        "files": {},
    }


def _rs_error(entry, metadata, feature):
    return {
        "statusCode": entry["error"]["status"],
        "error": entry["error"]["message"],
        "statTags": {"destType": "CLEVERTAP", "feature": feature},
        "metadata": metadata,
    }


class FakeRudderTransformer(BaseHTTPRequestHandler):
    """Answers like rudder-transformer, computing with this project's transformer (plus an optional bug)."""

    bug = None

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path == rsf.PROCESSOR_PATH:
            answer = []
            for item in reversed(body):  # outputs are matched to events by metadata.jobId, not by position
                entry = transform([item["message"]], item["destination"]["Config"], "rudderstack")[0]
                if self.bug:
                    entry = self.bug(entry)
                if "error" in entry:
                    answer.append(_rs_error(entry, item["metadata"], "processor"))
                else:
                    answer.extend(
                        {"output": {**_rs_output(r), "userId": ""}, "metadata": item["metadata"], "statusCode": 200}
                        for r in entry["requests"]
                    )
        elif self.path == rsf.ROUTER_PATH:
            out = transform_router_request(body, lambda ev, s: transform_batch(ev, s, "rudderstack"))
            answer = {
                "output": [
                    *(
                        {
                            "batchedRequest": {**_rs_output(r), "batched": True},
                            "metadata": [],
                            "batched": False,
                            "statusCode": 200,
                            "destination": {},
                        }
                        for r in out["batches"]
                    ),
                    *(
                        {
                            **_rs_error(e, None, "router"),
                            "metadata": [body["input"][e["index"]]["metadata"]],
                            "batched": False,
                        }
                        for e in out["errors"]
                    ),
                ]
            }
        else:
            self.send_error(404)
            return
        data = json.dumps(_js_numbers(answer)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture()
def fake_rudder():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeRudderTransformer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, f"http://127.0.0.1:{server.server_address[1]}"
    FakeRudderTransformer.bug = None
    server.shutdown()
    server.server_close()


def test_rudderstack_peer_agrees_on_every_rudderstack_golden(fake_rudder, capsys):
    _, url = fake_rudder
    code, out, _ = _verify(capsys, "--against", f"rudderstack={url}", "--only", "rudderstack/cloud/**", "-q")
    assert code == 0, out
    assert f"{len(RS_GOLDENS)} passed, 0 failed, 0 errors, 0 skipped" in out


def test_rudderstack_peer_skips_other_flavours_and_reports_differences(fake_rudder, capsys):
    _, url = fake_rudder

    def bug(entry):  # a peer that lowercases event names
        for request in entry.get("requests", []):
            for record in request["body"]["d"]:
                if "evtName" in record:
                    record["evtName"] = record["evtName"].lower()
        return entry

    FakeRudderTransformer.bug = staticmethod(bug)
    code, out, _ = _verify(
        capsys,
        "--against",
        f"rudderstack={url}",
        "--only",
        "rudderstack/cloud/track_basic",
        "--only",
        "segment/cloud/*",
    )
    assert code == 1
    assert f"FAIL   rudderstack/cloud/track_basic  [rudderstack={url}]" in out
    assert "['evtName']: expected" in out
    n_segment = sum(1 for g in ALL if g.id.startswith("segment/cloud/"))
    assert f"0 passed, 1 failed, 0 errors, {n_segment} skipped" in out


def test_rudderstack_peer_transform_signature_and_http_errors(fake_rudder):
    _, url = fake_rudder
    peer = parse_against(f"rudderstack={url}/v0/destinations/clevertap")
    assert isinstance(peer, RudderStackHttpPeer) and peer.url == url
    golden = next(g for g in RS_GOLDENS if g.id == "rudderstack/cloud/charged_with_products")
    got = peer.transform(golden.input, golden.settings, "rudderstack", "cloud", None)
    assert got == _js_numbers(golden.expected)
    with pytest.raises(PeerUnsupported):
        peer.transform([{}], {}, "segment", "cloud", None)
    broken = RudderStackHttpPeer(url + "/nowhere")
    with pytest.raises(PeerError, match="HTTP 404"):
        broken.transform(golden.input, golden.settings, "rudderstack")


def test_groups_are_split_back_per_golden(fake_rudder):
    _, url = fake_rudder
    goldens, _ = select_goldens(None, ["rudderstack/cloud/region_*", "rudderstack/cloud/track_*"])
    run = run_goldens(RudderStackHttpPeer(url), goldens, jobs=4)
    assert [r.status for r in run.results] == ["PASS"] * len(goldens)
