"""verify and fuzz are never green by accident: a misspelled flavour is an error, a run that verified nothing
fails, and a peer that is down is one line and exit status 2 (not one error per golden)."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import pytest

from clevertap_harness.cli import main
from contracts.golden import GOLDEN_ROOT

from .conftest import assert_one_line_error, run_cli

ONE = GOLDEN_ROOT / "rudderstack" / "cloud" / "alias_basic.json"


def _tree(tmp_path: Path, **changes) -> Path:
    root = tmp_path / "goldens"
    (root / "x").mkdir(parents=True)
    shutil.copy(ONE, root / "x" / "good.json")
    data = json.loads(ONE.read_text(encoding="utf-8"))
    data.update(changes)
    (root / "x" / "changed.json").write_text(json.dumps(data), encoding="utf-8")
    return root


def _free_url() -> str:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}"


def test_misspelled_flavour_in_a_golden_is_an_error(tmp_path, capsys):
    root = _tree(tmp_path, flavor="rudderstak")
    code = main(["verify", "--contracts", str(root)])
    out = capsys.readouterr().out
    assert code == 1
    assert "ERROR  x/changed" in out
    assert "unknown flavor 'rudderstak'" in out and "did you mean 'rudderstack'?" in out


def test_unknown_mode_in_a_golden_is_an_error(tmp_path, capsys):
    root = _tree(tmp_path, mode="clod")
    assert main(["verify", "--contracts", str(root)]) == 1
    assert "unknown mode 'clod'" in capsys.readouterr().out


def test_a_run_that_verified_nothing_fails(tmp_path, capsys):
    # device-mode goldens only, against the mock journal peer: every scenario is skipped
    from mock_clevertap.server import MockServer

    root = tmp_path / "g"
    shutil.copytree(GOLDEN_ROOT / "segment" / "device" / "web", root)
    with MockServer() as mock:
        code = main(["verify", "--contracts", str(root), "--against", f"mock={mock.url}"])
    last = capsys.readouterr().out.splitlines()[-1]
    assert code == 1
    assert last.startswith("FAILED (nothing verified")


def test_verify_against_a_peer_that_is_down():
    url = _free_url()
    ran = run_cli("verify", "--against", f"rudderstack={url}", "--only", "rudderstack/**")
    assert_one_line_error(ran, 2, f"peer not reachable at {url}")
    assert ran.out.count("\n") == 0


def test_verify_against_a_mock_that_is_down():
    url = _free_url()
    assert_one_line_error(run_cli("verify", "--against", f"mock={url}"), 2, f"peer not reachable at {url}")


@pytest.mark.parametrize("kind", ["rudderstack", "mock"])
def test_fuzz_against_a_peer_that_is_down(kind):
    url = _free_url()
    ran = run_cli("fuzz", "--flavor", "rudderstack", "--count", "10", "--no-mock", "--against", f"{kind}={url}")
    assert_one_line_error(ran, 2, f"peer not reachable at {url}")
    assert "0/0" not in ran.out


@pytest.mark.parametrize("command", ["verify", "fuzz"])
def test_against_a_checkout_without_a_build(tmp_path, command):
    """`rudderstack-checkout=PATH` starts its runner before the run: a checkout that cannot serve is one line and
    exit status 2 (it used to be probed at port 0, so even a built checkout was 'not reachable')."""
    extra = ["--flavor", "rudderstack", "--count", "10", "--no-mock"] if command == "fuzz" else []
    ran = run_cli(command, *extra, "--against", f"rudderstack-checkout={tmp_path}")
    assert_one_line_error(ran, 2, "no build found")
