"""`clevertap-harness fuzz`: a fixed-seed run of every target, reproducibility, shrinking, the CLI, and the
differential mode against a command peer."""

from __future__ import annotations

import json
import shlex
import sys
import textwrap

import pytest

import transformer
from clevertap_harness.cli import main
from fuzz import ALL_TARGETS, Fuzzer, Target, generate_event, generate_events
from fuzz.invariants import INVARIANTS, Case, never_raises
from fuzz.runner import Differential, format_failure, normalise_path
from fuzz.shrink import shrink, size

SEED = 20261123
COUNT = 2000


@pytest.fixture(scope="module")
def fuzzer():
    return Fuzzer(seed=SEED, count=COUNT, shrink_budget=500)


@pytest.mark.parametrize("target", ALL_TARGETS, ids=[t.name for t in ALL_TARGETS])
def test_fixed_seed_fuzz_holds_every_invariant(fuzzer, target):
    report = fuzzer.run(target)
    assert report.events == COUNT
    assert report.valid > COUNT // 2 and report.invalid > COUNT // 5
    if target.cloud:
        assert report.requests > 0 and "valid_records_accepted_by_mock" in report.invariants
    else:
        assert report.calls > COUNT // 2
    assert report.failed == 0, "\n".join(format_failure(f) for f in report.failures)


def test_every_target_has_its_invariants():
    for target in ALL_TARGETS:
        names = {inv.__name__ for inv in INVARIANTS[target.name]}
        assert {"never_raises", "result_shape", "error_has_status_and_message"} <= names
    assert "rudderstack_ids_follow_objectid_tables" in {i.__name__ for i in INVARIANTS["rudderstack/cloud"]}
    assert "segment_cloud_keys_snake_case" in {i.__name__ for i in INVARIANTS["segment/cloud"]}


# --- reproducibility ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("family", ["segment", "rudderstack"])
def test_same_seed_same_events(family):
    first = [g.as_json() for g in generate_events(7, family, 60)]
    again = [g.as_json() for g in generate_events(7, family, 60)]
    assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)
    other = [g.as_json() for g in generate_events(8, family, 60)]
    assert first != other
    # event i does not depend on how many events the run has
    assert generate_event(7, family, 42).as_json() == first[42]
    assert any(not g["valid"] for g in first) and any(g["valid"] for g in first)


def test_dump_events_is_byte_identical(tmp_path, capsys):
    for name in ("a.jsonl", "b.jsonl"):
        assert (
            main(
                [
                    "fuzz",
                    "--flavor",
                    "rudderstack",
                    "--seed",
                    "5",
                    "--count",
                    "40",
                    "--no-mock",
                    "--dump-events",
                    str(tmp_path / name),
                ]
            )
            == 0
        )
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    lines = (tmp_path / "a.jsonl").read_text().splitlines()
    assert len(lines) == 40 and {"index", "valid", "kind", "mutations", "event"} <= set(json.loads(lines[0]))


# --- shrinking ----------------------------------------------------------------------------------------------------
def test_shrink_reaches_a_local_minimum():
    value = {"a": [1, 2, {"needle": "xxxxxxxx", "other": [1, 2, 3]}], "b": "long text " * 20, "c": {"d": 1.5}}
    minimal, evals = shrink(value, lambda v: "needle" in json.dumps(v))
    assert minimal == {"a": [{"needle": ""}]} or size(minimal) <= size({"a": [{"needle": ""}]})
    assert "needle" in json.dumps(minimal) and evals > 0


def _broken_transform(events, settings, flavor, mode="cloud", platform=None):
    """This project's transformer with a planted bug: any event whose properties hold `currency` crashes."""
    out = transformer.transform(events, settings, flavor, mode, platform)
    for i, event in enumerate(events):
        props = event.get("properties") if isinstance(event, dict) else None
        if isinstance(props, dict) and "currency" in props:
            out[i] = {"error": {"status": 500, "message": "internal transformer error: KeyError: 'currency'"}}
    return out


def test_shrinker_finds_a_smaller_failing_event_for_a_broken_transform():
    fz = Fuzzer(seed=3, count=150, transform=_broken_transform, shrink_budget=2000)
    report = fz.run(Target("rudderstack"))
    assert report.failure_counts.get("never_raises", 0) > 0
    failure = next(f for f in report.failures if f.invariant == "never_raises")
    assert size(failure.minimal) < size(failure.event) / 4
    assert set(failure.minimal) <= {"properties", "type"} and "currency" in failure.minimal["properties"]
    # still failing, for the same reason
    again = _broken_transform([failure.minimal], failure.settings, "rudderstack")[0]
    assert never_raises(Case(Target("rudderstack"), 0, failure.minimal, True, failure.settings, again)) is not None
    text = format_failure(failure)
    assert f"seed=3 event={failure.index} invariant=never_raises" in text
    assert json.loads(text.splitlines()[-1]) == failure.minimal


def test_shrinker_with_a_deliberately_broken_invariant():
    def no_float_amounts(case):
        for req in (case.result or {}).get("requests", []):
            for record in req["body"].get("d", []):
                if isinstance(record.get("evtData", {}).get("Amount"), float):
                    return "a float Amount"
        return None

    fz = Fuzzer(seed=11, count=200, invariants={"segment/cloud": [no_float_amounts]}, mock=False)
    report = fz.run(Target("segment"))
    failure = report.failures[0]
    assert failure.invariant == "no_float_amounts"
    assert size(failure.minimal) < size(failure.event)
    assert failure.minimal["event"] == "Order Completed" and failure.minimal_message == "a float Amount"
    assert set(failure.minimal) <= {"type", "event", "properties", "userId", "anonymousId"}


# --- CLI ----------------------------------------------------------------------------------------------------------
def test_cli_summary_and_exit_status(capsys):
    assert main(["fuzz", "--flavor", "segment", "--seed", "1", "--count", "60"]) == 0
    out = capsys.readouterr().out
    for name in ("segment/cloud", "segment/device/web", "segment/device/android", "segment/device/ios"):
        assert f"fuzz {name}: seed 1, 60 events (" in out
    assert "segment-actions" not in out
    assert "0 invariant failures" in out and "all invariants held" in out


def test_cli_json_report(capsys):
    assert main(["fuzz", "--flavor", "rudderstack", "--mode", "cloud", "--count", "30", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["seed"] == 0
    (target,) = report["targets"]
    assert target["events"] == 30 and target["valid"] + target["invalid"] == 30 and target["failed"] == 0
    assert "rudderstack_ids_follow_objectid_tables" in target["invariants"]


def test_cli_fixed_settings(tmp_path, capsys):
    settings = tmp_path / "s.json"
    settings.write_text(
        json.dumps(
            {"accountId": "A", "passcode": "P", "region": "in1", "enableObjectIdMapping": True, "trackAnonymous": True}
        )
    )
    assert (
        main(["fuzz", "--flavor", "rudderstack", "--mode", "cloud", "--count", "40", "--settings", str(settings)]) == 0
    )


def test_cli_failure_prints_seed_index_invariant_and_minimal_event(monkeypatch, capsys):
    def always_charged_is_missing(case):
        event = case.event
        if isinstance(event, dict) and event.get("event") == "Order Completed" and case.result.get("calls"):
            return "planted failure"
        return None

    monkeypatch.setitem(
        INVARIANTS, "segment/device/ios", INVARIANTS["segment/device/ios"] + (always_charged_is_missing,)
    )
    status = main(["fuzz", "--flavor", "segment", "--platform", "ios", "--seed", "4", "--count", "80"])
    out = capsys.readouterr().out
    assert status == 1
    assert "FAIL segment/device/ios seed=4 event=" in out and "invariant=always_charged_is_missing" in out
    minimal = json.loads(out.split("minimal event")[1].splitlines()[1])
    assert minimal == {"type": "track", "event": "Order Completed"}
    assert "FAILED" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["fuzz", "--flavor", "segment", "--mode", "cloud", "--platform", "web"],
        ["fuzz", "--count", "0"],
        ["fuzz", "--flavor", "segment-actions", "--mode", "device"],
        ["fuzz", "--against", "nonsense"],
        ["fuzz", "--settings", "/nonexistent/settings.json"],
    ],
)
def test_cli_usage_errors(argv, capsys):
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith("clevertap-harness fuzz: ")


# --- differential mode --------------------------------------------------------------------------------------------
def _harness_command() -> str:
    code = "import sys; from clevertap_harness.cli import main; sys.exit(main())"
    return (
        f"{shlex.quote(sys.executable)} -c {shlex.quote(code)} transform {{options}} --allow-missing-settings "
        "--settings {settings}"
    )


def test_differential_against_our_own_transform_command_agrees(capsys):
    against = "command=" + _harness_command()
    status = main(
        ["fuzz", "--flavor", "rudderstack", "--mode", "cloud", "--seed", "3", "--count", "200", "--against", against]
    )
    out = capsys.readouterr().out
    assert status == 0, out
    assert "200/200 agree (100.0%)" in out and "0 difference groups" in out


FAKE_PEER = textwrap.dedent('''
    """A peer that differs on purpose: Charged Amount as text, no ts, and page events named differently."""
    import json, sys
    import transformer
    settings = json.load(open(sys.argv[1]))
    events = json.load(sys.stdin)
    out = transformer.transform(events, settings, sys.argv[2], sys.argv[3], (sys.argv[4:] or [None])[0])
    for entry in out:
        for req in entry.get("requests", []):
            for record in req["body"].get("d", []):
                record.pop("ts", None)
                data = record.get("evtData")
                if isinstance(data, dict) and "Amount" in data:
                    data["Amount"] = str(data["Amount"])
                if str(record.get("evtName", "")).startswith("Web Page Viewed"):
                    record["evtName"] = "Page Viewed"
    print(json.dumps(out))
''')


def test_differential_against_a_different_peer_groups_differences(tmp_path, capsys):
    script = tmp_path / "peer.py"
    script.write_text(FAKE_PEER)
    against = (
        f"command={shlex.quote(sys.executable)} {shlex.quote(str(script))} {{settings}} {{flavor}} {{mode}} "
        f"{{platform}}"
    )
    status = main(
        [
            "fuzz",
            "--flavor",
            "rudderstack",
            "--mode",
            "cloud",
            "--seed",
            "2",
            "--count",
            "300",
            "--against",
            against,
            "--json",
        ]
    )
    assert status == 1
    (target,) = json.loads(capsys.readouterr().out)["targets"]
    assert target["failed"] == 0  # our own invariants still hold
    diff = target["differential"]
    assert diff["compared"] == 300 and 0 < diff["agreed"] < 300
    assert diff["agreement"] == pytest.approx(diff["agreed"] / 300)
    paths = {g["path"]: g for g in diff["groups"]}
    amount = paths["root['requests'][*]['body']['d'][*]['evtData']['Amount']"]
    assert amount["kind"] == "type_changes" and isinstance(amount["example"]["theirs"], str)
    assert amount["example"]["ours"] == float(amount["example"]["theirs"]) or amount["example"]["ours"] == int(
        float(amount["example"]["theirs"])
    )
    assert "root['requests'][*]['body']['d'][*]['ts']" in paths
    assert "root['requests'][*]['body']['d'][*]['evtName']" in paths
    counts = [g["events"] for g in diff["groups"]]
    assert counts == sorted(counts, reverse=True)


def test_differential_text_report_and_peer_errors(capsys):
    class Broken:
        name = "broken"

        def transform(self, events, settings, flavor, mode="cloud", platform=None):
            raise RuntimeError("boom")

    fz = Fuzzer(seed=1, count=30, mock=False)
    report = fz.run(Target("segment-actions"), peer=Broken())
    assert report.differential["compared"] == 0 and "boom" in report.differential["peer_errors"][0]


def test_normalise_path():
    assert (
        normalise_path("root['requests'][1]['body']['d'][0]['evtData']['x[2]']")
        == "root['requests'][*]['body']['d'][*]['evtData']['x[*]']"
    )


def test_differential_counts_agreement_in_process():
    class Same:
        name = "same"
        loose_numbers = True

        def transform(self, events, settings, flavor, mode="cloud", platform=None):
            return transformer.transform(events, settings, flavor, mode, platform)

    d = Differential(Same())
    fz = Fuzzer(seed=9, count=50, mock=False)
    target = Target("segment", "device", "web")
    for settings, gens in fz.chunks(target):
        ours = transformer.transform([g.event for g in gens], settings, "segment", "device", "web")
        d.compare(target, gens, settings, ours)
    assert d.as_json()["agreement"] == 1.0 and d.compared == 50


@pytest.mark.parametrize(
    "table, key, wrong, event, invariant",
    [
        (
            "transformer.tables.rudderstack.GENDER_VALUES",
            "female",
            "M",
            {"type": "identify", "userId": "u1", "traits": {"gender": "female"}},
            "rudderstack_special_traits",
        ),
        (
            "transformer.tables.segment.CLOUD_SPECIAL_TRAITS",
            "avatar",
            "Avatar",
            {"type": "identify", "userId": "u1", "traits": {"avatar": "https://example.com/a.png"}},
            "segment_cloud_special_traits",
        ),
    ],
)
def test_a_wrong_table_row_fails_the_oracle(monkeypatch, table, key, wrong, event, invariant):
    """The invariants state the documented values on their own (fuzz/documented.py): planting a wrong row in the
    transformer's table makes the transform disagree and the invariant report it."""
    import importlib

    from fuzz import invariants

    module_name, _, attr = table.rpartition(".")
    settings = {"accountId": "A", "passcode": "P"}
    flavor = "rudderstack" if "rudderstack" in table else "segment"
    check = getattr(invariants, invariant)
    good = transformer.transform([event], settings, flavor)[0]
    assert check(Case(Target(flavor), 0, event, True, settings, good)) is None
    monkeypatch.setitem(getattr(importlib.import_module(module_name), attr), key, wrong)
    bad = transformer.transform([event], settings, flavor)[0]
    assert bad != good, "the planted row must change the transform"
    assert check(Case(Target(flavor), 0, event, True, settings, bad)) is not None
