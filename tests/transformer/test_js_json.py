"""`JSON.parse` error messages (transformer/js_json.py): V8's template and position for every rule, as Node 20.20
printed them, and a seeded differential against the local Node when there is one."""

from __future__ import annotations

import json
import random
import shutil
import subprocess

import pytest

from transformer import js
from transformer.js_json import v8_parse_error

# (text, Node 20.20's message): one case at least per V8 template.
NODE_MESSAGES = [
    ("05", "Unexpected number in JSON at position 1"),
    ("[01]", "Unexpected number in JSON at position 2"),
    ("f6", "Unexpected number in JSON at position 1"),
    ('f"4', "Unexpected string in JSON at position 1"),
    ("1 2", "Unexpected non-whitespace character after JSON at position 2"),
    ("0e", "Exponent part is missing a number in JSON at position 2"),
    ("1e+", "Exponent part is missing a number in JSON at position 3"),
    ("-1.", "Unterminated fractional number in JSON at position 3"),
    ("-", "No number after minus sign in JSON at position 1"),
    ("-Infinity", "No number after minus sign in JSON at position 1"),
    ("\t{", "Expected property name or '}' in JSON at position 2"),
    ('{"a":1,}', "Expected double-quoted property name in JSON at position 7"),
    ('{"a" 1}', "Expected ':' after property name in JSON at position 5"),
    ('{"a":1 "b"}', "Expected ',' or '}' after property value in JSON at position 7"),
    ("\t[276", "Expected ',' or ']' after array element in JSON at position 5"),
    ('"abc', "Unterminated string in JSON at position 4"),
    ('"\t"', "Bad control character in string literal in JSON at position 1"),
    ('"\\x"', "Bad escaped character in JSON at position 2"),
    ('"\\u12"', "Bad Unicode escape in JSON at position 5"),
    ('"\\', "Unexpected end of JSON input"),
    ("", "Unexpected end of JSON input"),
    ("[1,]", "Unexpected token ']', \"[1,]\" is not valid JSON"),
    ("Infinity", '"Infinity" is not valid JSON'),
    ("Infinity ", "Unexpected token 'I', \"Infinity \" is not valid JSON"),
    ("[object Object]", '"[object Object]" is not valid JSON'),
    ("undefined", '"undefined" is not valid JSON'),
    ('"\\\u2028"', 'Unexpected token \'\u2028\', ""\\\u2028"" is not valid JSON'),  # beyond Latin-1: no template
    ("[1,2,3,4,5,6,7,8,9,10,]", "Unexpected token ']', ...\",7,8,9,10,]\" is not valid JSON"),
    ("x" + "1" * 30, "Unexpected token 'x', \"x111111111\"... is not valid JSON"),
    ("[" + "1," * 12 + ":" + "1" * 20, "Unexpected token ':', ...\"1,1,1,1,1,:111111111\"... is not valid JSON"),
    (
        "\U0001f600" * 12,
        "Unexpected token '\ud83d', \"\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\"... is not valid JSON",
    ),
]


@pytest.mark.parametrize(("text", "message"), NODE_MESSAGES)
def test_json_parse_messages_are_v8s(text: str, message: str) -> None:
    assert v8_parse_error(text) == message
    with pytest.raises(js.JSONParseError) as caught:
        js.parse(text)
    assert str(caught.value) == message


def test_valid_text_has_no_message() -> None:
    for text in ('{"a":[1,-0.5e+3,true,null,"\\u00e9\\n"]}', " 0 ", '"\U0001f600"', "[]"):
        assert v8_parse_error(text) is None


def _malformed(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    atoms = [
        "0", "00", "-", "1.", "1e", "1e+", '"a"', "[", "]", "{", "}", ",", ":", "true", "nul", '"\\u12"',
        '"\\x"', '"\t"', " ", "01", "tru", "NaN", "[1 2]", '"', "\\", "é", "\U0001f600", "\u2028", "\x01",
        "x" * 12, '{"a":1,}', "9" * 11,
    ]  # fmt: skip
    return ["".join(rng.choice(atoms) for _ in range(rng.randint(1, 12))) for _ in range(n)]


@pytest.mark.skipif(
    shutil.which("node") is None, reason="node is not installed: the differential JSON.parse check needs it"
)
def test_json_parse_messages_agree_with_node_on_random_texts() -> None:
    texts = _malformed(20261128, 3000)
    script = (
        "const xs = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(xs.map((s) => { try { JSON.parse(s); return null; }"
        " catch (e) { return e.message; } })));"
    )
    payload = json.dumps(texts).encode("utf-8")
    proc = subprocess.run(["node", "-e", script], input=payload, capture_output=True, check=True)
    theirs = json.loads(proc.stdout.decode("utf-8", "surrogatepass"))
    mismatches = [(t, a, b) for t, b in zip(texts, theirs, strict=True) if (a := v8_parse_error(t)) != b]
    assert not mismatches, mismatches[:10]
