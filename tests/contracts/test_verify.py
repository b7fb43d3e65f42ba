"""`clevertap-harness verify` against this project's transformer: exit codes, the text report, --json, --junit,
--only, --update (refusal and success), normalisation rules and record pairing."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from clevertap_harness.cli import main
from contracts.diff import compare
from contracts.golden import GOLDEN_ROOT, GoldenError, iter_goldens, load_golden, normalize, write_peer_mark
from contracts.peers import Peer, ProjectPeer
from contracts.runner import run_goldens, select_goldens

ALL = iter_goldens()
RS = GOLDEN_ROOT / "rudderstack" / "cloud"


def _copy(tmp_path: Path, *names: str) -> Path:
    """Copies of RudderStack goldens as `origin: "doc"`, without their peer mark (tests add the marks they need)."""
    root = tmp_path / "goldens"
    (root / "rs").mkdir(parents=True, exist_ok=True)
    for name in names:
        data = json.loads((RS / f"{name}.json").read_text(encoding="utf-8"))
        data.pop("peer_checked", None)
        data["origin"] = "doc"
        (root / "rs" / f"{name}.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return root


def _edit(path: Path, fn) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    fn(data)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def _verify(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["verify", *argv])
    out, err = capsys.readouterr()
    return code, out, err


# --- default run, exit codes, report --------------------------------------------------------------------------


def test_every_golden_passes_against_the_project(capsys):
    code, out, _ = _verify(capsys)
    assert code == 0
    lines = out.splitlines()
    assert sum(line.startswith("PASS ") for line in lines) == len(ALL)
    assert "PASS   rudderstack/cloud/track_basic  [project]" in lines
    assert lines[-1].startswith(f"OK: {len(ALL)} scenarios against project: {len(ALL)} passed, 0 failed, 0 errors")


def test_broken_golden_fails_with_paths_expected_and_got(tmp_path, capsys):
    root = _copy(tmp_path, "track_basic", "alias_basic", "batch_mixed_with_errors")

    def break_it(g):
        g["expected"]["requests"][0]["body"]["d"][0]["evtName"] = "Renamed"

    _edit(root / "rs" / "track_basic.json", break_it)
    code, out, _ = _verify(capsys, "--contracts", str(root))
    assert code == 1
    assert "PASS   rs/alias_basic  [project]" in out
    assert "FAIL   rs/track_basic  [project]" in out
    got = load_golden(RS / "track_basic.json").expected[0]["requests"][0]["body"]["d"][0]["evtName"]
    assert f"root[0]['requests'][0]['body']['d'][0]['evtName']: expected \"Renamed\", got \"{got}\"" in out
    assert "1 difference(s)" in out
    assert out.splitlines()[-1].startswith("FAILED: 3 scenarios against project: 2 passed, 1 failed, 0 errors")


def test_a_missing_record_is_reported_once_not_as_a_shift(tmp_path, capsys):
    root = _copy(tmp_path, "batch_mixed_with_errors")

    def drop_first(g):
        g["expected"]["batches"][0]["body"]["d"].insert(
            0, {"type": "event", "evtName": "extra", "identity": "x", "evtData": {}}
        )

    _edit(root / "rs" / "batch_mixed_with_errors.json", drop_first)
    code, out, _ = _verify(capsys, "--contracts", str(root), "--json")
    assert code == 1
    diffs = json.loads(out)["results"][0]["differences"]
    assert diffs == [
        {
            "path": "root['batches'][0]['body']['d'][0]",
            "kind": "missing",
            "expected": {"type": "event", "evtName": "extra", "identity": "x", "evtData": {}},
        }
    ]


def test_record_order_is_pinned_unless_ignored():
    a = {"type": "event", "identity": "u", "evtName": "a"}
    b = {"type": "profile", "identity": "u", "profileData": {}}
    expected = [{"requests": [{"body": {"d": [a, b]}}]}]
    got = [{"requests": [{"body": {"d": [b, a]}}]}]
    strict = compare(expected, got)
    assert [(d.path, d.kind, d.got) for d in strict.differences] == [
        ("root[0]['requests'][0]['body']['d'][0]", "moved", 1)
    ]
    loose = compare(expected, got, record_order="ignore")
    assert not loose and loose.notes
    # request order is never paired: two swapped requests are plain differences
    swapped = compare([{"requests": [{"url": "a"}, {"url": "b"}]}], [{"requests": [{"url": "b"}, {"url": "a"}]}])
    assert [d.kind for d in swapped.differences] == ["changed", "changed"]


def test_numbers_loose_only_for_peers_and_never_bool():
    expected, got = [{"n": 15.0, "b": True}], [{"n": 15, "b": 1}]
    assert {d.path for d in compare(expected, got).differences} == {"root[0]['n']", "root[0]['b']"}
    assert [d.path for d in compare(expected, got, loose_numbers=True).differences] == ["root[0]['b']"]


def test_unloadable_golden_is_an_error_line_not_a_crash(tmp_path, capsys):
    root = _copy(tmp_path, "track_basic")
    (root / "rs" / "broken.json").write_text('{"name": "x"}', encoding="utf-8")
    code, out, _ = _verify(capsys, "--contracts", str(root))
    assert code == 1
    assert "ERROR  rs/broken  [project]" in out and "missing field(s)" in out


def test_json_report(tmp_path, capsys):
    root = _copy(tmp_path, "track_basic", "alias_basic")
    _edit(root / "rs" / "alias_basic.json", lambda g: g["expected"]["requests"][0]["headers"].pop("Content-Type"))
    code, out, _ = _verify(capsys, "--contracts", str(root), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["peer"] == "project" and report["ok"] is False
    assert report["summary"] == {
        "total": 2,
        "passed": 1,
        "failed": 1,
        "errors": 0,
        "skipped": 0,
        "seconds": report["summary"]["seconds"],
    }
    failed = [r for r in report["results"] if r["status"] == "FAIL"]
    assert failed[0]["id"] == "rs/alias_basic"
    assert failed[0]["differences"] == [
        {"path": "root[0]['requests'][0]['headers']['Content-Type']", "kind": "unexpected", "got": "application/json"}
    ]


def test_junit_report(tmp_path, capsys):
    root = _copy(tmp_path, "track_basic", "alias_basic")
    _edit(root / "rs" / "track_basic.json", lambda g: g["expected"]["requests"][0].update(method="PUT"))
    junit = tmp_path / "out" / "junit.xml"
    junit.parent.mkdir()
    code, out, _ = _verify(capsys, "--contracts", str(root), "--junit", str(junit))
    assert code == 1 and "FAIL   rs/track_basic" in out
    tree = ET.parse(junit).getroot()
    suite = tree.find("testsuite")
    assert suite.get("tests") == "2" and suite.get("failures") == "1" and suite.get("errors") == "0"
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert set(cases) == {"track_basic", "alias_basic"} and cases["track_basic"].get("classname") == "rs"
    failure = cases["track_basic"].find("failure")
    assert "root[0]['requests'][0]['method']: expected \"PUT\", got \"POST\"" in failure.text
    assert cases["alias_basic"].find("failure") is None


def test_only_selects_by_id_glob(capsys):
    code, out, _ = _verify(capsys, "--only", "rudderstack/cloud/region_*", "--only", "segment/device/ios/*")
    assert code == 0
    lines = [line for line in out.splitlines() if line.startswith("PASS")]
    assert lines and all("rudderstack/cloud/region_" in line or "segment/device/ios/" in line for line in lines)
    assert len(lines) == sum(1 for g in ALL if g.id.startswith(("rudderstack/cloud/region_", "segment/device/ios/")))
    code, _, err = _verify(capsys, "--only", "nothing/like/this")
    assert code == 2 and "no golden" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["--against", "bogus=1"],
        ["--against", "rudderstack=not-a-url"],
        ["--against", "command=/no/such/program {settings}"],
        ["--force"],
        ["--contracts", "/no/such/dir"],
        ["--jobs", "0"],
    ],
)
def test_usage_errors_exit_2(capsys, argv):
    code, _, err = _verify(capsys, *argv)
    assert code == 2 and err.startswith("clevertap-harness verify: ")


# --- --update --------------------------------------------------------------------------------------------------


def test_update_rewrites_only_named_files_after_showing_the_diff(tmp_path, capsys):
    root = _copy(tmp_path, "track_basic", "alias_basic", "page_name")
    target, bystander, same = (
        root / "rs" / "track_basic.json",
        root / "rs" / "alias_basic.json",
        root / "rs" / "page_name.json",
    )
    _edit(target, lambda g: g["expected"]["requests"][0]["body"]["d"][0].update(evtName="Stale"))
    _edit(bystander, lambda g: g["expected"]["requests"][0].update(method="PUT"))
    before_bystander, before_same = bystander.read_bytes(), same.read_bytes()
    code, out, _ = _verify(capsys, "--contracts", str(root), "--update", str(target), str(same))
    assert code == 0
    assert out.index("diff       rs/track_basic") < out.index("updated    rs/track_basic")
    assert 'expected "Stale"' in out and "unchanged  rs/page_name" in out
    assert "1 updated, 1 unchanged, 0 refused" in out
    assert bystander.read_bytes() == before_bystander and same.read_bytes() == before_same
    updated = json.loads(target.read_text(encoding="utf-8"))
    original = json.loads((RS / "track_basic.json").read_text(encoding="utf-8"))
    assert updated["expected"] == original["expected"]
    assert "verify --update" in updated["regenerated"]
    assert list(updated)[:4] == ["name", "source", "origin", "regenerated"] and updated["origin"] == "doc"
    assert _verify(capsys, "--contracts", str(root), "--only", "rs/track_basic")[0] == 0


PEER_MARK = {"peer": "rudder-transformer", "version": "abc123", "date": "2026-11-28", "how": "verify --against"}


def test_update_refuses_peer_checked_goldens_unless_forced(tmp_path, capsys):
    root = _copy(tmp_path, "track_basic", "alias_basic")
    by_words, by_field = root / "rs" / "track_basic.json", root / "rs" / "alias_basic.json"
    # words in `source` no longer decide anything: only `origin` does
    _edit(
        by_words,
        lambda g: (
            g.update(source=g["source"] + " (checked against rudder-transformer abc123) (probed)"),
            g["expected"]["requests"][0].update(method="PUT"),
        ),
    )
    _edit(
        by_field,
        lambda g: (
            g.update(origin="peer", peer_checked=PEER_MARK),
            g["expected"]["requests"][0].update(method="PUT"),
        ),
    )
    before = by_field.read_bytes()
    code, out, _ = _verify(capsys, "--update", str(by_words), str(by_field))
    assert code == 1
    refused = [line for line in out.splitlines() if line.startswith("refused    ")]
    assert len(refused) == 1 and "alias_basic" in refused[0] and "--force" in refused[0]
    assert "rudder-transformer abc123 on 2026-11-28" in out and "1 updated, 0 unchanged, 1 refused" in out
    assert by_field.read_bytes() == before
    assert json.loads(by_words.read_text(encoding="utf-8"))["origin"] == "doc"
    code, out, _ = _verify(capsys, "--update", str(by_field), "--force")
    assert code == 0 and "1 updated" in out
    forced = json.loads(by_field.read_text(encoding="utf-8"))
    assert "peer_checked" not in forced and forced["origin"] == "project-choice"
    assert "re-check them against the peer" in forced["notes"] and "rudder-transformer abc123" in forced["notes"]
    assert "forced over a peer-checked golden" in forced["regenerated"]
    assert forced["expected"]["requests"][0]["method"] == "POST"
    assert load_golden(by_field).origin == "project-choice"


def test_update_keeps_a_one_line_file_on_one_line(tmp_path, capsys):
    root = _copy(tmp_path, "track_basic")
    path = root / "rs" / "track_basic.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["expected"]["requests"][0]["method"] = "PUT"
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    assert _verify(capsys, "--update", str(path))[0] == 0
    text = path.read_text(encoding="utf-8")
    assert "\n" not in text and json.loads(text)["expected"]["requests"][0]["method"] == "POST"


def test_update_usage_errors(capsys, tmp_path):
    assert _verify(capsys, "--update", str(tmp_path / "missing.json"))[0] == 2
    assert _verify(capsys, "--update", str(RS / "track_basic.json"), "--against", "mock=http://x")[0] == 2


def test_every_project_golden_says_its_origin():
    assert {g.origin for g in ALL} <= {"doc", "peer", "project-choice"}
    # `source` is something a user can follow from a clone: a docs/ page, a public URL, or the peer run
    unfollowable = [g.id for g in ALL if not any(t in g.source for t in ("docs/", "https://", "http://", "peer run"))]
    assert not unfollowable, unfollowable
    assert all(g.peer_checked == (g.origin == "peer") for g in ALL)
    for g in ALL:
        if g.origin == "peer":
            assert set(g.raw["peer_checked"]) >= {"peer", "version", "date", "how"}, g.id
        if g.origin == "project-choice":
            assert (g.notes or "").strip(), g.id
    by_id = {g.id: g for g in ALL}
    assert by_id["segment/cloud/error_region_unknown"].origin == "project-choice"
    # every Actions golden is checked by the Node peer test; the RudderStack scenarios of this project were run
    # against rudder-transformer (its own test cases, `upstream_*`, are pinned from the upstream file: doc)
    assert all(g.origin == "peer" for g in ALL if g.id.startswith("segment/actions/"))
    rudderstack = [g for g in ALL if g.id.startswith("rudderstack/cloud/")]
    assert all(g.origin == ("doc" if "/upstream_" in g.id else "peer") for g in rudderstack)


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda g: g.pop("origin"), "missing field"),
        (lambda g: g.update(origin="folklore"), "'origin' must be one of doc, peer, project-choice"),
        (lambda g: g.update(origin="peer"), "origin 'peer' needs 'peer_checked'"),
        (
            lambda g: g.update(origin="peer", peer_checked={k: v for k, v in PEER_MARK.items() if k != "how"}),
            "'peer_checked' is missing how",
        ),
        (lambda g: g.update(origin="peer", peer_checked={**PEER_MARK, "date": "28/11/2026"}), "YYYY-MM-DD"),
        (lambda g: g.update(peer_checked=PEER_MARK), "'peer_checked' belongs to origin 'peer'"),
        (lambda g: (g.update(origin="project-choice"), g.pop("notes", None)), "needs 'notes'"),
    ],
)
def test_origin_is_required_and_consistent(tmp_path, edit, message):
    root = _copy(tmp_path, "track_basic")
    path = root / "rs" / "track_basic.json"
    _edit(path, edit)
    with pytest.raises(GoldenError, match=message):
        load_golden(path)


def test_write_peer_mark_sets_origin_and_keeps_the_layout(tmp_path):
    root = _copy(tmp_path, "track_basic")
    path = root / "rs" / "track_basic.json"
    mark = {k: PEER_MARK[k] for k in ("version", "how", "date")}
    assert write_peer_mark(path, peer="rudder-transformer", **mark)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(data)[:3] == ["name", "source", "origin"] and data["origin"] == "peer"
    assert data["peer_checked"] == PEER_MARK and path.read_text(encoding="utf-8").startswith("{\n")
    before = path.read_bytes()
    assert not write_peer_mark(path, peer="rudder-transformer", **{**mark, "date": "2027-01-01"})
    assert path.read_bytes() == before and load_golden(path).peer_checked


def test_update_never_rewrites_an_unchanged_project_golden(capsys):
    path = RS / "track_basic.json"
    before = path.read_bytes()
    code, out, _ = _verify(capsys, "--update", str(path))
    assert code == 0 and "unchanged" in out  # equal results are never rewritten, marked or not
    assert path.read_bytes() == before


# --- normalisation ---------------------------------------------------------------------------------------------


class StampingPeer(Peer):
    """Our transformer plus a `ts` stamped at transform time, like a peer that fills in the upload time."""

    name = "stamping"

    def __init__(self, stamp):
        super().__init__()
        self.stamp = stamp

    def transform(self, events, settings, flavor, mode="cloud", platform=None):
        out = ProjectPeer().transform(events, settings, flavor, mode, platform)
        for entry in out:
            for request in entry.get("requests", []):
                for record in request["body"]["d"]:
                    record["ts"] = self.stamp(record)
        return out


def _stamped_golden(tmp_path: Path, rules: list) -> Path:
    root = _copy(tmp_path, "track_no_properties")
    path = root / "rs" / "track_no_properties.json"

    def add(g):
        g["expected"]["requests"][0]["body"]["d"][0]["ts"] = 1700000000
        g["normalize"] = rules

    _edit(path, add)
    return root


TS_RULE = {
    "path": "root[*]['requests'][*]['body']['d'][*]['ts']",
    "rule": "epoch-seconds",
    "why": "stamped at transform time",
}


def test_declared_rule_normalises_a_generated_timestamp(tmp_path):
    root = _stamped_golden(tmp_path, [TS_RULE])
    goldens, broken = select_goldens(root)
    assert not broken
    run = run_goldens(StampingPeer(lambda r: 1712345678), goldens)
    assert [r.status for r in run.results] == ["PASS"]
    # without the rule the same peer fails on exactly that path
    _edit(root / "rs" / "track_no_properties.json", lambda g: g.pop("normalize"))
    run = run_goldens(StampingPeer(lambda r: 1712345678), select_goldens(root)[0])
    assert [(d.path, d.expected, d.got) for d in run.results[0].differences] == [
        ("root[0]['requests'][0]['body']['d'][0]['ts']", 1700000000, 1712345678)
    ]


def test_a_value_that_fails_the_rule_shows_in_the_report(tmp_path):
    root = _stamped_golden(tmp_path, [TS_RULE])
    run = run_goldens(StampingPeer(lambda r: "yesterday"), select_goldens(root)[0])
    assert [(d.expected, d.got) for d in run.results[0].differences] == [("<epoch-seconds:1>", "yesterday")]


def test_placeholders_number_distinct_values():
    rule = [{"regex": r"root\[\d+\]\['id'\]", "rule": "uuid", "placeholder": "id"}]
    a, b = "0b6f5a52-5f7c-4d7e-9a51-3f0b8f2d6b11", "7d1f7a2e-8b54-4c4f-9f1c-2a9c1e0d3b22"
    assert normalize([{"id": a}, {"id": a}, {"id": b}], rule) == [{"id": "<id:1>"}, {"id": "<id:1>"}, {"id": "<id:2>"}]
    assert compare(normalize([{"id": a}, {"id": a}], rule), normalize([{"id": a}, {"id": b}], rule))


@pytest.mark.parametrize(
    "rules, message",
    [
        ([{"path": "root[0]['nope']", "rule": "any"}], "matches no value"),
        ([{"path": "root[*]['requests'][*]['body']['d'][*]['ts']", "rule": "iso-8601"}], "does not pass"),
        ([{"path": "root[0]", "rule": "wild"}], "unknown rule"),
        ([{"path": "root[0]", "regex": "x", "rule": "any"}], "exactly one of"),
        ([{"regex": "root[", "rule": "any"}], "bad regular expression"),
        ([{"path": "root[0]", "rule": "regex"}], "needs a 'pattern'"),
    ],
)
def test_bad_rules_fail_loading(tmp_path, rules, message):
    root = _stamped_golden(tmp_path, rules)
    with pytest.raises(GoldenError, match=message):
        load_golden(root / "rs" / "track_no_properties.json")
