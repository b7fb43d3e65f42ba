"""The packages' public names import from their roots, and each package says it ships type hints (PEP 561)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_mock_exports_server_and_client():
    from mock_clevertap import MockClient, MockConfig, MockServer, Store, create_app
    from mock_clevertap.client import MockClient as client_home
    from mock_clevertap.server import MockServer as server_home

    assert MockServer is server_home and MockClient is client_home
    assert callable(create_app) and MockConfig and Store


def test_transformer_exports_transform():
    from transformer import TransformError, transform, transform_batch

    [result] = transform(
        [{"type": "track", "event": "E", "userId": "u"}], {"accountId": "A", "passcode": "P"}, "rudderstack"
    )
    assert result["requests"][0]["body"]["d"][0]["evtName"] == "E"
    assert callable(transform_batch) and issubclass(TransformError, Exception)


def test_unknown_names_are_attribute_errors():
    import mock_clevertap

    with pytest.raises(AttributeError):
        mock_clevertap.NoSuchThing  # noqa: B018


@pytest.mark.parametrize(
    "package", ["clevertap_harness", "mock_clevertap", "transformer", "contracts", "fuzz", "segment_export"]
)
def test_package_ships_py_typed(package):
    assert (ROOT / package / "py.typed").is_file()
