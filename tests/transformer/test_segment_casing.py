"""Key-casing strategies (transformer/casing.py) against the table of docs/segment-cloud.md#key-casing."""

from __future__ import annotations

import pytest

from transformer.casing import STRATEGY_NAMES, get_casing, lodash_snake_case, to_snake_case
from transformer.tables.segment import CASING_TABLE


@pytest.mark.parametrize("key,snake,_lodash", CASING_TABLE)
def test_to_snake_case_column(key, snake, _lodash):
    assert to_snake_case(key) == snake


@pytest.mark.parametrize("key,_snake,lodash", CASING_TABLE)
def test_lodash_column(key, _snake, lodash):
    assert lodash_snake_case(key) == lodash


def test_strategies_are_named_and_memoised():
    assert set(STRATEGY_NAMES) >= {"identity", "to-snake-case", "lodash-snake-case"}
    assert get_casing("identity")("Mixed Key") == "Mixed Key"
    snake = get_casing("to-snake-case")
    assert snake("Industry Of Traits") == snake("Industry Of Traits") == "industry_of_traits"
    with pytest.raises(KeyError):
        get_casing("kebab")


@pytest.mark.parametrize("key", ["", "$$", "_", "a", "A", "ÄÖÜ", "x.y.z", "a\tb", "😀 smile"])
def test_edge_keys_do_not_raise(key):
    for name in STRATEGY_NAMES:
        assert isinstance(get_casing(name)(key), str)
