"""Segment's FQL subscription conditions, read and evaluated as `@segment/destination-subscriptions` does (its lexer
is `@segment/fql-ts` 1.10.1), for the Actions flavour's `subscribe` (docs/segment-actions.md#custom-mappings).

The reader is permissive in Segment's own way: it makes one flat group of conditions under the last `and` / `or`
it met (no precedence), drops clauses on fields it does not know, takes only one level of parentheses, and reports
text it cannot read as an error (which the destination turns into "Invalid subscription : <message>"). Checked
against the published destination by tests/contracts/test_segment_actions_mapping_kit.py.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from . import js
from .js import UNDEFINED

Token = tuple[str, str]  # (type, value) as fql-ts makes them
_EOS: Token = ("eos", "eos")
_EOS_CHAR = "-1"  # fql-ts reads the end of the text as this "character"


class FQLError(Exception):
    """The text is not a condition the reader can use; the message is the one the destination reports."""


# --- the lexer ---------------------------------------------------------------------------------------------------
def _is_alpha(c: str) -> bool:
    return c != _EOS_CHAR and len(c) == 1 and c.isascii() and c.isalpha()


def _is_number(c: str) -> bool:
    return c != _EOS_CHAR and len(c) == 1 and c in "0123456789"


def _is_ident(c: str) -> bool:
    return _is_alpha(c) or _is_number(c) or c in ("_", "-", "\\")


def _is_whitespace(c: str) -> bool:
    return c in (" ", "\t", "\n")


def _is_terminator(c: str) -> bool:
    return c == _EOS_CHAR or _is_whitespace(c) or c in (",", "]", ")")


class _LexError(Exception):
    pass


class _Lexer:
    def __init__(self, code: str) -> None:
        self.code = code
        self.pos = 0

    def next(self) -> tuple[str, bool]:
        if self.pos >= len(self.code):
            return _EOS_CHAR, True
        char = self.code[self.pos]
        self.pos += 1
        return char, False

    def peek(self) -> str:
        char, eos = self.next()
        if not eos:
            self.pos -= 1
        return char

    def backup(self, count: int) -> None:
        self.pos = max(0, self.pos - count)

    def accept(self, text: str) -> bool:
        chars = ""
        for _ in text:
            char, eos = self.next()
            chars += char
            if eos:
                return False  # fql-ts gives up here without stepping back
            if _is_terminator(char):
                break
        if text == chars and _is_terminator(self.peek()):
            return True
        self.backup(len(chars))
        return False

    def lex(self) -> list[Token]:
        tokens: list[Token] = []
        while True:
            char, eos = self.next()
            if eos:
                tokens.append(_EOS)
                return tokens
            if _is_whitespace(char):
                continue
            if char == "!":
                ahead = self.peek()
                if _is_alpha(ahead) or ahead == "(":
                    tokens.append(("operator", "!"))
                    continue
            if _is_alpha(char) or char in ("!", "=", ">", "<", "\\", "_"):
                tokens.append(self.operator_or_conditional(char))
            elif _is_number(char) or char in ("-", "+"):
                tokens.append(self.number(char))
            elif char in ('"', "'"):
                tokens.append(self.string(char))
            elif char in _SINGLE:
                tokens.append(_SINGLE[char])
            else:
                raise _LexError(f'invalid character "{char}"')

    def string(self, quote: str) -> Token:
        text = ""
        while self.peek() != quote:
            char, eos = self.next()
            text += char
            if eos:
                raise _LexError("unterminated string")
        # fql-ts `accept`s the closing quote: unless a terminator follows it, the quote stays, to open the next string
        self.accept(quote)
        return ("string", f"{quote}{text}{quote}")

    def number(self, first: str) -> Token:
        text, decimal = "", False
        ahead = self.peek()
        while _is_number(ahead) or ahead == ".":
            char, _ = self.next()
            text += char
            if ahead == ".":
                if _is_terminator(self.peek()):
                    raise _LexError("unexpected terminator after decimal point")
                if decimal:
                    raise _LexError("multiple decimal points in one number")
                decimal = True
            ahead = self.peek()
        return ("number", first + text)

    def operator_or_conditional(self, first: str) -> Token:
        if first == "=":
            return ("operator", "=")
        if first == "!":
            if self.accept("="):
                return ("operator", "!=")
            raise _LexError("expected '=' after '!'")
        words = {"a": ("nd", ("conditional", "and")), "o": ("r", ("conditional", "or")), "n": ("ull", ("null", "null"))}
        if first in words:
            rest, token = words[first]
            return token if self.accept(rest) else self.ident(first)
        if first in ("<", ">"):
            return ("operator", first + "=") if self.accept("=") else ("operator", first)
        return self.ident(first)

    def ident(self, first: str) -> Token:
        text, char = "", first
        while True:
            if char == "\\":
                if self.peek() == _EOS_CHAR:
                    raise _LexError("expected character after escape character, got EOS")
                char, _ = self.next()
            text += char
            if not _is_ident(self.peek()):
                break
            char, _ = self.next()
        ahead = self.peek()
        if not (_is_terminator(ahead) or ahead in (".", "(", "=", "!")):
            raise _LexError(f"expected termination character after identifier, got {ahead}")
        return ("ident", text)


_SINGLE: dict[str, Token] = {
    ".": ("dot", "."),
    "[": ("brackleft", "["),
    "]": ("brackright", "]"),
    ",": ("comma", ","),
    "(": ("parenleft", "("),
    ")": ("parenright", ")"),
}


def _lex(code: str) -> list[Token]:
    """fql-ts `lex`: the tokens, or none at all when the text does not lex (its error is not looked at)."""
    try:
        tokens = _Lexer(code).lex()
    except _LexError:
        return []
    merged: list[Token] = []  # destination-subscriptions' normalize: `a` `.` `b` is the ident `a.b`
    i = 0
    while i < len(tokens):
        if merged and merged[-1][0] == "ident" and tokens[i][0] == "dot" and i + 1 < len(tokens):
            if tokens[i + 1][0] == "ident":
                merged[-1] = ("ident", f"{merged[-1][1]}.{tokens[i + 1][1]}")
                i += 2
                continue
        merged.append(tokens[i])
        i += 1
    return merged


# --- the parser ----------------------------------------------------------------------------------------------------
_CONDITION_TYPES = {
    "type": "event-type",
    "event": "event",
    "name": "name",
    "userId": "userId",
    "context": "event-context",
    "properties": "event-property",
    "traits": "event-trait",
}
_NESTED = {"event-property": "properties", "event-trait": "traits", "event-context": "context"}
_ROOTS = {"event-type": "type", "event": "event", "name": "name", "userId": "userId"}  # the message's own fields


@dataclass(frozen=True)
class Condition:
    type: str
    operator: str
    value: Any = None
    name: str = ""


@dataclass(frozen=True)
class Group:
    operator: str
    children: tuple[Any, ...]


def _token_value(token: Token) -> Any:
    kind, value = token
    if kind == "string":
        return re.sub(r'"$', "", re.sub(r'^"', "", value))
    if kind == "number":
        return js.string_to_number(value)
    if kind == "ident" and value in ("true", "false"):
        return value == "true"
    return value


def _text(value: Any) -> str:
    return js.to_string(value)


def _condition(kind: str, ident: str, op_token: Token, value_token: Token) -> Condition:
    op, raw = op_token[1], value_token[1]
    is_true, is_false = op == "=" and raw == "true", op == "=" and raw == "false"
    exists, not_exists = op == "!=" and raw == "null", op == "=" and raw == "null"
    if kind in ("event", "event-type"):
        return Condition(kind, op, _text(_token_value(value_token)))
    if kind == "name":
        if exists or not_exists:
            return Condition(kind, "exists" if exists else "not_exists")
        return Condition(kind, op, _text(_token_value(value_token)))
    if kind == "userId":
        if exists or not_exists:
            return Condition(kind, "exists" if exists else "not_exists")
        if is_true or is_false:
            return Condition(kind, "is_true" if is_true else "is_false")
        return Condition(kind, op, _text(_token_value(value_token)))
    name = re.sub(rf"^({_NESTED[kind]})\.", "", ident)
    if exists or not_exists:
        return Condition(kind, "exists" if exists else "not_exists", name=name)
    if is_true or is_false:
        return Condition(kind, "is_true" if is_true else "is_false", name=name)
    if value_token[0] == "number" and op in ("=", "!="):
        return Condition(kind, "number_equals" if op == "=" else "number_not_equals", _token_value(value_token), name)
    return Condition(kind, op, _token_value(value_token), name)


def _function(name: str, tokens: list[Token], nodes: list[Any], negate: bool) -> None:
    tokens.pop(0) if tokens else None
    if not tokens:
        raise FQLError(f"{name}() is missing a 1st argument")
    name_token = tokens.pop(0)
    tokens.pop(0) if tokens else None
    if not tokens:
        raise FQLError(f"{name}() is missing a 2nd argument")
    value_token = tokens.pop(0)
    tokens.pop(0) if tokens else None
    field = name_token[1]
    if name == "contains":
        op, value = ("not_contains" if negate else "contains"), _text(_token_value(value_token))
    elif value_token[1].endswith('*"'):
        op, value = ("not_starts_with" if negate else "starts_with"), _text(_token_value(value_token))[:-1]
    else:
        op, value = ("not_ends_with" if negate else "ends_with"), _text(_token_value(value_token))[1:]
    if field in ("event", "name", "userId"):
        nodes.append(Condition(field, op, value))
    for kind, root in _NESTED.items():
        if re.match(rf"^({root})", field):
            nodes.append(Condition(kind, op, value, re.sub(rf"^({root})\.", "", field)))


def _parse(tokens: list[Token]) -> Any:
    nodes: list[Any] = []
    operator = "and"
    token = tokens.pop(0) if tokens else None
    while token is not None and token[0] != "eos":
        if token[0] == "ident":
            kind = _CONDITION_TYPES.get(token[1].split(".")[0])
            if kind is not None:
                if not tokens:
                    raise FQLError("Operator token is missing")
                op_token = tokens.pop(0)
                if not tokens:
                    raise FQLError("Value token is missing")
                nodes.append(_condition(kind, token[1], op_token, tokens.pop(0)))
            if token[1] in ("contains", "match"):
                _function(token[1], tokens, nodes, negate=False)
        if token == ("operator", "!") and tokens and tokens[0][0] == "ident" and tokens[0][1] in ("contains", "match"):
            _function(tokens.pop(0)[1], tokens, nodes, negate=True)
        if token[0] == "parenleft":
            group: list[Token] = []
            inner = tokens.pop(0) if tokens else None
            while inner is None or inner[0] != "parenright":
                if inner is None:
                    raise FQLError("Cannot read properties of undefined (reading 'type')")
                group.append(inner)
                inner = tokens.pop(0) if tokens else None
            group.append(_EOS)
            nodes.append(_parse(group))
        if token[0] == "conditional":
            operator = token[1]
        token = tokens.pop(0) if tokens else None
    if len(nodes) > 1:
        return Group(operator, tuple(nodes))
    return nodes[0] if nodes else None


@lru_cache(maxsize=256)
def parse(code: str) -> Group:
    """destination-subscriptions' `parseFql`: always a group; `FQLError` with the message it would report."""
    ast = _parse(_lex(code))
    if ast is None:  # it reads `.type` of nothing
        raise FQLError("Cannot read properties of undefined (reading 'type')")
    if isinstance(ast, Group):
        return ast
    return Group("and", (ast,))


# --- evaluation ----------------------------------------------------------------------------------------------------
def _get(obj: Any, path: str) -> Any:
    """destination-subscriptions' `get`: segments of `[^[.\\]]+`, each `o && o[key]` (own JSON members here)."""
    if not path:
        return UNDEFINED
    target = obj
    for key in re.findall(r"[^[.\]]+", path):
        if not js.truthy(target):
            return target
        target = js.member(target, key)
    return target


def _compare(actual: Any, op: str, expected: Any) -> bool:
    numeric = type(actual) in (int, float)
    if op == "=":
        return type(actual) is str and actual == _text(expected)
    if op == "!=":
        return not (type(actual) is str and actual == _text(expected))
    if op in ("number_equals", "number_not_equals", "<", "<=", ">", ">="):
        if not numeric:
            return False
        a, b = float(actual), float(js.to_number(expected))
        if math.isnan(b) or math.isnan(a):
            return op == "number_not_equals"
        return {
            "number_equals": a == b,
            "number_not_equals": a != b,
            "<": a < b,
            "<=": a <= b,
            ">": a > b,
            ">=": a >= b,
        }[op]
    if op in ("contains", "not_contains", "starts_with", "not_starts_with", "ends_with", "not_ends_with"):
        if type(actual) is not str:
            return False
        text = _text(expected)
        found = {"contains": text in actual, "starts_with": actual.startswith(text), "ends_with": actual.endswith(text)}
        base = op.removeprefix("not_")
        return not found[base] if op.startswith("not_") else found[base]
    if op == "exists":
        return actual is not UNDEFINED and actual is not None
    if op == "not_exists":
        return actual is UNDEFINED or actual is None
    if op == "is_true":
        return actual is True
    if op == "is_false":
        return actual is False
    return False


class FQLTypeError(Exception):
    """Evaluation met an empty group (`()` or one with no condition it knows): JavaScript reads `.type` of nothing
    and the error reaches the caller."""


def _holds(node: Any, event: dict[str, Any]) -> bool:
    if node is None:
        raise FQLTypeError("Cannot read properties of undefined (reading 'type')")
    if isinstance(node, Group):
        if node.operator == "and":
            return all(_holds(child, event) for child in node.children)
        if node.operator == "or":
            return any(_holds(child, event) for child in node.children)
        return False
    root = _ROOTS.get(node.type)
    if root is not None:
        actual = event.get(root, UNDEFINED)
    else:
        actual = _get(event.get(_NESTED[node.type], UNDEFINED), node.name)
    return _compare(actual, node.operator, node.value)


Predicate = Any  # Callable[[dict[str, Any]], bool]


def _compile(node: Any) -> Predicate:
    """The node as one function of the event (what `_holds` does, decided once per condition text)."""
    if node is None or isinstance(node, Group):
        if isinstance(node, Group) and node.operator in ("and", "or") and None not in node.children:
            children = tuple(_compile(child) for child in node.children)
            if len(children) == 1:
                return children[0]
            if node.operator == "and":
                return lambda event: all(child(event) for child in children)
            return lambda event: any(child(event) for child in children)
        return lambda event: _holds(node, event)  # the rare shapes: evaluated (and failing) exactly as above
    root = _ROOTS.get(node.type)
    if root is not None and node.operator in ("=", "!="):
        text, equal = _text(node.value), node.operator == "="

        def field_text(event: dict[str, Any]) -> bool:
            actual = event.get(root, UNDEFINED)
            return (actual.__class__ is str and actual == text) is equal

        return field_text
    return lambda event: _holds(node, event)


@lru_cache(maxsize=256)
def predicate(code: str) -> Predicate:
    """`parse(code)` made into one function of the event; `FQLError` when the text is no condition."""
    return _compile(parse(code))
