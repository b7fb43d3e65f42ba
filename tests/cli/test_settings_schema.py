"""Settings schema per flavour/mode/platform: unknown keys warn with a did-you-mean, --strict-settings makes them
errors, missing required settings are a clear error, and the README's table is the schema's."""

from __future__ import annotations

from pathlib import Path

import pytest

from transformer import FLAVORS
from transformer.registry import _ENTRIES
from transformer.settings import SCHEMAS, check_settings, schema_for, settings_table_markdown

from .conftest import assert_one_line_error, run_cli

EVENT = b'{"type": "track", "userId": "u1", "event": "Clicked"}'
README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_transformer_target_has_a_schema_row():
    for flavor, mode, platform in _ENTRIES:
        assert schema_for(flavor, mode, platform) is not None, (flavor, mode, platform)
    assert {key[0] for key in SCHEMAS} <= set(FLAVORS)


def test_readme_holds_the_generated_table():
    assert settings_table_markdown() in README.read_text(encoding="utf-8")


def test_typo_in_optional_setting_is_a_warning_with_did_you_mean(settings_file):
    path = settings_file('{"accountId": "A", "passcode": "P", "regoin": "in1"}')
    ran = run_cli("transform", "--flavor", "rudderstack", "--settings", path, "-", stdin=EVENT)
    assert ran.code == 0
    assert ran.err.strip() == (
        f"clevertap-harness transform: warning: {path}: unknown setting 'regoin' (did you mean 'region'?)"
    )


def test_strict_settings_makes_the_warning_an_error(settings_file):
    path = settings_file('{"accountId": "A", "passcode": "P", "regoin": "in1"}')
    ran = run_cli("transform", "--flavor", "rudderstack", "--strict-settings", "--settings", path, "-", stdin=EVENT)
    assert_one_line_error(ran, 2, "unknown setting 'regoin' (did you mean 'region'?)")
    assert ran.out == ""


def test_missing_required_setting_is_an_error_naming_the_typo(settings_file):
    path = settings_file('{"acountId": "A", "passcode": "P"}')
    ran = run_cli("transform", "--flavor", "rudderstack", "--settings", path, "-", stdin=EVENT)
    assert ran.code == 2 and ran.out == ""
    assert ran.err.splitlines()[-1] == (
        f"clevertap-harness transform: {path}: required setting 'accountId' is missing (is 'acountId' a typo?)"
    )


def test_allow_missing_settings_gives_the_platforms_own_answer(settings_file):
    path = settings_file('{"passcode": "P"}')
    ran = run_cli("transform", "--flavor", "segment", "--allow-missing-settings", "--settings", path, "-", stdin=EVENT)
    assert ran.code == 0
    assert '"error"' in ran.out and "accountId is required" in ran.out


def test_fuzz_checks_fixed_settings(settings_file):
    path = settings_file('{"acountId": "A", "passcode": "P"}')
    ran = run_cli("fuzz", "--flavor", "rudderstack", "--count", "5", "--no-mock", "--settings", path)
    assert ran.code == 2 and "all invariants held" not in ran.out
    assert "required setting 'accountId' is missing" in ran.err


@pytest.mark.parametrize(
    ("settings", "target", "expected"),
    [
        ({"accountId": "A", "passcode": "P", "trackAnonymous": "yes"}, ("rudderstack", "cloud", None), "boolean"),
        ({"accountId": "A", "passcode": "P", "region": "in2"}, ("rudderstack", "cloud", None), "expected one of"),
        ({"clevertap_account_id": "A", "clevertap_account_token": "T"}, ("segment", "device", "ios"), None),
        ({"clevertapAccountId": "A", "clevertapPasscode": "P"}, ("segment-actions", "cloud", None), "required"),
    ],
)
def test_check_settings_table(settings, target, expected):
    report = check_settings(settings, *target)
    messages = report.errors + report.warnings
    if expected is None:
        assert messages == []
    else:
        assert any(expected in m for m in messages), messages
