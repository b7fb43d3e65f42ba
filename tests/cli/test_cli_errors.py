"""Ordinary mistakes on the command line: each is one clear line on stderr and a non-zero exit, never a traceback
(issue: tracebacks on ordinary mistakes). Each runs the real command in a subprocess."""

from __future__ import annotations

import json
import socket
import sys
import textwrap

import pytest

from .conftest import assert_one_line_error, run_cli

pytest_plugins = ["pytester"]

RS_SETTINGS = '{"accountId": "A", "passcode": "P", "region": "in1"}'
EVENT = '{"type": "track", "userId": "u1", "event": "Clicked", "properties": {"a": 1}}'


def _transform(settings: str, *argv: str, stdin: bytes | None = None):
    return run_cli("transform", "--flavor", "rudderstack", "--settings", settings, *argv, stdin=stdin)


@pytest.fixture
def busy_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    yield sock.getsockname()[1]
    sock.close()


def test_port_in_use_is_one_line_and_leaves_no_database(tmp_path, busy_port):
    ran = run_cli("serve", "--port", str(busy_port), cwd=tmp_path)
    assert_one_line_error(ran, 2, f"port {busy_port} on 127.0.0.1 is already in use")
    assert list(tmp_path.iterdir()) == []  # the default ./clevertap-mock.sqlite3 was not created


def test_db_in_a_missing_folder(tmp_path):
    ran = run_cli("serve", "--port", "0", "--db", str(tmp_path / "nope" / "mock.sqlite3"))
    assert_one_line_error(ran, 2, "does not exist")


def test_db_is_a_directory(tmp_path):
    assert_one_line_error(run_cli("serve", "--port", "0", "--db", str(tmp_path)), 2, "is a directory")


def test_db_is_not_a_database(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes, not a database\n")
    ran = run_cli("serve", "--port", "0", "--db", str(notes))
    assert_one_line_error(ran, 2, "is not an SQLite database")
    assert notes.read_text() == "my notes, not a database\n"


def test_host_that_is_no_address(tmp_path):
    ran = run_cli("serve", "--host", "999.1.1.1", "--port", "0", cwd=tmp_path)
    assert_one_line_error(ran, 2, "--host 999.1.1.1")
    assert list(tmp_path.iterdir()) == []


def test_port_environment_variable_not_a_number():
    ran = run_cli("serve", env={"CLEVERTAP_MOCK_PORT": "abc"})
    assert_one_line_error(ran, 2, "CLEVERTAP_MOCK_PORT: 'abc' is not a whole number")


def test_events_file_not_utf8(settings_file):
    events = settings_file(b'{"type": "track", "event": "caf\xe9"}\n', "events.json")
    ran = _transform(settings_file(RS_SETTINGS), events)
    assert_one_line_error(ran, 2, "events.json", "not UTF-8")


def test_settings_file_not_utf8(settings_file):
    ran = _transform(settings_file(b'{"accountId": "\xff"}'), "-", stdin=EVENT.encode())
    assert_one_line_error(ran, 2, "settings.json", "not UTF-8")


def test_deeply_nested_event(settings_file):
    deep = '{"type": "track", "properties": ' + "[" * 100_000 + "]" * 100_000 + "}"
    ran = _transform(settings_file(RS_SETTINGS), "-", stdin=deep.encode())
    assert_one_line_error(ran, 2, "nested too deeply")


def test_five_thousand_digit_number(settings_file):
    huge = '{"type": "track", "userId": "u1", "event": "X", "properties": {"n": ' + "9" * 5000 + "}}"
    ran = _transform(settings_file(RS_SETTINGS), "-", stdin=huge.encode())
    assert_one_line_error(ran, 2, "more digits than can be read")


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_json_numbers_are_refused_not_copied(settings_file, constant):
    event = '{"type": "track", "userId": "u1", "event": "X", "properties": {"n": ' + constant + "}}"
    ran = _transform(settings_file(RS_SETTINGS), "-", stdin=event.encode())
    assert_one_line_error(ran, 2, "not valid JSON")
    assert "Infinity" not in ran.out and "NaN" not in ran.out


def test_nan_in_settings_is_refused(settings_file):
    ran = _transform(settings_file('{"accountId": "A", "passcode": "P", "region": NaN}'), "-", stdin=EVENT.encode())
    assert_one_line_error(ran, 2, "settings.json is not valid JSON", "NaN")


def test_unwritable_dump_events_is_reported_before_the_run(tmp_path):
    target = tmp_path / "no-such-dir" / "events.jsonl"
    ran = run_cli("fuzz", "--flavor", "rudderstack", "--count", "50000", "--no-mock", "--dump-events", str(target))
    assert_one_line_error(ran, 2, "cannot write --dump-events")
    assert ran.out == ""  # nothing ran: the 50,000 events were never fuzzed


def test_mock_url_pointing_at_nothing_in_the_pytest_plugin(pytester, unused_port):
    pytester.makepyfile(
        textwrap.dedent(
            """
            def test_uses_mock(clevertap_mock):
                clevertap_mock.health()
            """
        )
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    assert result.ret != 0
    text = result.stdout.str()
    assert f"CLEVERTAP_MOCK_URL=http://127.0.0.1:{unused_port}: no CleverTap mock is reachable there" in text
    assert "urllib3" not in text and "Traceback" not in text


def test_mock_port_not_a_number_in_the_pytest_plugin(pytester, monkeypatch):
    monkeypatch.setenv("CLEVERTAP_MOCK_PORT", "abc")
    monkeypatch.delenv("CLEVERTAP_MOCK_URL", raising=False)
    pytester.makepyfile("def test_uses_mock(clevertap_mock):\n    clevertap_mock.health()\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    assert result.ret != 0
    assert "CLEVERTAP_MOCK_PORT='abc' is not a port number" in result.stdout.str()
    assert "Traceback" not in result.stdout.str()


@pytest.fixture
def unused_port(monkeypatch):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    monkeypatch.setenv("CLEVERTAP_MOCK_URL", f"http://127.0.0.1:{port}")
    return port


def test_platform_in_cloud_mode_is_an_error(settings_file):
    ran = _transform(settings_file(RS_SETTINGS), "--platform", "web", "-", stdin=EVENT.encode())
    assert_one_line_error(ran, 2, "--platform applies to device mode only")


def test_version():
    ran = run_cli("--version")
    assert ran.code == 0 and ran.out.startswith("clevertap-harness ") and ran.out.split()[1][0].isdigit()


def test_broken_pipe_is_quiet(settings_file, tmp_path):
    events = tmp_path / "many.jsonl"
    events.write_text((EVENT + "\n") * 20_000)
    script = (
        f"{sys.executable} -m clevertap_harness transform --flavor rudderstack --output jsonl "
        f"--settings {settings_file(RS_SETTINGS)} {events} | head -n 1"
    )
    import subprocess

    proc = subprocess.run(["bash", "-c", "set -o pipefail; " + script], capture_output=True, text=True, timeout=120)
    assert json.loads(proc.stdout)["requests"]
    assert "Traceback" not in proc.stderr, proc.stderr


def test_internal_errors_are_one_line_with_a_debug_switch(monkeypatch, capsys):
    from clevertap_harness import cli

    def boom(args):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(cli, "build_parser", _parser_with(boom))
    assert cli.main(["serve"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error: RuntimeError: unexpected" in err
    monkeypatch.setenv("CLEVERTAP_HARNESS_DEBUG", "1")
    with pytest.raises(RuntimeError):
        cli.main(["serve"])


def _parser_with(fn):
    import argparse

    def build():
        parser = argparse.ArgumentParser(prog="clevertap-harness")
        sub = parser.add_subparsers(dest="command")
        sub.add_parser("serve").set_defaults(_run=fn)
        return parser

    return build
