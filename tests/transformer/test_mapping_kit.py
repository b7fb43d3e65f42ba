"""mapping-kit directives (transformer/mapping_kit.py), one case per directive rule. Each expected value is what
`@segment/actions-core` 3.170.0 returned for it (Node run of its `transform`, 2026-11-28); the seeded differential
is tests/contracts/test_segment_actions_mapping_kit.py."""

from __future__ import annotations

import pytest

from transformer.mapping_kit import MappingError, transform

EVENT = {
    "userId": "u-1",
    "traits": {"email": "Ada@Example.com", "name": "Ada", "tags": ["a", "b"], "n": None, "deep": {"x": None, "y": 1}},
    "properties": {"products": [{"name": "P1", "price": 3}, {"name": "P2"}], "total": 0},
}

CASES = [
    ({"a": {"@path": "$.traits.email"}}, {"a": "Ada@Example.com"}),
    ({"a": {"@path": "traits.tags[1]"}}, {"a": "b"}),
    ({"a": {"@path": "$.properties.total.x"}}, {"a": 0}),  # a falsy value part-way is the answer
    ({"a": {"@template": "{{userId}}/{{ traits.name }}/{{{traits.tags}}}/{{missing}}"}}, {"a": "u-1/Ada/a,b/"}),
    ({"a": {"@if": {"exists": {"@path": "$.traits.n"}, "then": "yes", "else": "no"}}}, {"a": "no"}),
    ({"a": {"@if": {"blank": {"@path": "$.properties.total"}, "then": "yes", "else": "no"}}}, {"a": "no"}),
    ({"a": {"@if": {"exists": {"@path": "$.userId"}, "else": "no"}}}, {}),
    ({"a": {"@case": {"operator": "upper", "value": {"@path": "$.traits.email"}}}}, {"a": "ADA@EXAMPLE.COM"}),
    ({"a": {"@replace": {"pattern": ".", "replacement": "[$&]", "value": "a.b.c", "global": False}}}, {"a": "a[.]b.c"}),
    ({"a": {"@replace": {"pattern": "A", "replacement": "$$", "value": "aAa", "ignorecase": True}}}, {"a": "$$$"}),
    (
        {"a": {"@arrayPath": ["$.properties.products", {"n": {"@path": "$.name"}, "p": {"@path": "$.price"}}]}},
        {"a": [{"n": "P1", "p": 3}, {"n": "P2"}]},
    ),
    ({"a": {"@json": {"mode": "encode", "value": {"@path": "$.traits.tags"}}}}, {"a": '["a","b"]'}),
    ({"a": {"@json": {"mode": "decode", "value": "{bad"}}}, {"a": "{bad"}),
    ({"a": {"@flatten": {"separator": "_", "value": {"@path": "$.traits.deep"}}}}, {"a": {"x": None, "y": 1}}),
    ({"a": {"@flatten": {"separator": ".", "value": {"@path": "$.traits.tags"}}}}, {"a": {"0": "a", "1": "b"}}),
    ({"a": {"@merge": {"direction": "left", "objects": [{"k": 1}, {"k": 2, "j": 3}]}}}, {"a": {"k": 1, "j": 3}}),
    ({"a": {"@excludeWhenNull": {"@path": "$.traits.deep"}}}, {"a": {"y": 1}}),
    (
        {"a": {"@transform": {"apply": {"u": {"@path": "$.userId"}}, "mapping": {"id": {"@path": "$.u"}}}}},
        {"a": {"id": "u-1"}},
    ),
    ({"a": {"@literal": {"b": {"@path": "$.userId"}}}}, {"a": {"b": "u-1"}}),
]


@pytest.mark.parametrize(("mapping", "expected"), CASES)
def test_directives_resolve_as_actions_core_does(mapping, expected):
    assert transform(mapping, EVENT) == expected


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"a": {"@bogus": 1}}, "ValidationError: /a has an invalid directive: @bogus."),
        (
            {"a": {"@path": 5}},
            "ValidationError: /a/@path should be a string or a mapping directive but it is a number.",
        ),
        ({"a": {"@path": "$.x", "b": 1}}, "ValidationError: /a should only have one @-prefixed key but it has 2 keys."),
        ({"a": {"@if": {"then": "x"}}}, '@if requires an "exists" key or a "blank" key'),
        (
            {"a": {"@case": {"operator": "title", "value": "x"}}},
            'operator key should have a value of "lower" or "upper"',
        ),
    ],
)
def test_mapping_errors_carry_actions_core_messages(mapping, message):
    with pytest.raises(MappingError) as caught:
        transform(mapping, EVENT)
    assert caught.value.message == message and caught.value.status == 500
