"""The message V8's `JSON.parse` (Node 20, V8 11) throws for text it rejects, with the position it names.

Python's json module agrees with `JSON.parse` on *what* is valid JSON text (the same four whitespace characters,
no NaN/Infinity once `js.parse` refuses them, control characters refused inside strings); it differs on the
wording and on where it says the problem is. This module scans rejected text the way V8's JsonParser does
(src/json/json-parser.cc) and returns V8's message: which rule failed decides the template, the UTF-16 offset
of the character the parser stood on is the position, and a token V8 has no dedicated template for is shown with up
to ten characters of context on either side. Checked against Node 20 on generated malformed texts
(tests/transformer/test_js_json.py holds the cases that pin each template).
"""

from __future__ import annotations

_WHITESPACE = frozenset((0x20, 0x09, 0x0A, 0x0D))
_DIGITS = range(0x30, 0x3A)
_HEX = frozenset(b"0123456789abcdefABCDEF")
_SIMPLE_ESCAPES = frozenset(b'"\\/bfnrt')
# Sources JSON.parse reports whole, without naming a token (V8's IsSpecialString: exact, whitespace included).
_SPECIAL = frozenset(("[object Object]", "undefined", "Infinity", "NaN"))
_CONTEXT = 10  # V8 kMaxContextCharacters; sources of 2 * 10 + 1 units or more get context around the token
_LITERALS = {0x74: "true", 0x66: "false", 0x6E: "null"}

EOS = "Unexpected end of JSON input"


class _Reject(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def v8_parse_error(text: str) -> str | None:
    """V8's message for `JSON.parse(text)`, or None when V8 accepts the text."""
    units = text.encode("utf-16-le", "surrogatepass")
    codes = [units[i] | units[i + 1] << 8 for i in range(0, len(units), 2)]
    try:
        _Scanner(text, codes).parse()
    except _Reject as exc:
        return exc.message
    return None


class _Scanner:
    def __init__(self, text: str, codes: list[int]) -> None:
        self.text = text
        self.codes = codes
        self.pos = 0

    # -- reporting ---------------------------------------------------------------------------------------------
    def _at(self) -> int | None:
        return self.codes[self.pos] if self.pos < len(self.codes) else None

    def unexpected(self, template: str | None = None) -> _Reject:
        """V8's ReportUnexpectedToken at the current position: the rule's own template when it has one, else the
        template for the token found there."""
        if template is not None:
            where = "" if template.endswith("after JSON") else " in JSON"
            return _Reject(f"{template}{where} at position {self.pos}")
        code = self._at()
        if code is None:
            return _Reject(EOS)
        if code == 0x22:
            return _Reject(f"Unexpected string in JSON at position {self.pos}")
        if code == 0x2D or code in _DIGITS:
            return _Reject(f"Unexpected number in JSON at position {self.pos}")
        if self.text in _SPECIAL:
            return _Reject(f'"{self.text}" is not valid JSON')
        return _Reject(self._token_with_context())

    def _token_with_context(self) -> str:
        token = _from_units([self.codes[self.pos]])
        length, pos = len(self.codes), self.pos
        if length < 2 * _CONTEXT + 1:
            return f"Unexpected token '{token}', \"{self.text}\" is not valid JSON"
        if pos < _CONTEXT:
            return f"Unexpected token '{token}', \"{_from_units(self.codes[: pos + _CONTEXT])}\"... is not valid JSON"
        if pos < length - _CONTEXT:
            context = _from_units(self.codes[pos - _CONTEXT : pos + _CONTEXT])
            return f"Unexpected token '{token}', ...\"{context}\"... is not valid JSON"
        return f"Unexpected token '{token}', ...\"{_from_units(self.codes[pos - _CONTEXT :])}\" is not valid JSON"

    # -- scanning ----------------------------------------------------------------------------------------------
    def skip_whitespace(self) -> None:
        codes, pos = self.codes, self.pos
        while pos < len(codes) and codes[pos] in _WHITESPACE:
            pos += 1
        self.pos = pos

    def expect(self, code: int, template: str) -> None:
        self.skip_whitespace()
        if self._at() != code:
            raise self.unexpected(template)
        self.pos += 1

    def parse(self) -> None:
        self.value()
        self.skip_whitespace()
        if self.pos < len(self.codes):
            raise self.unexpected("Unexpected non-whitespace character after JSON")

    def value(self) -> None:
        self.skip_whitespace()
        code = self._at()
        if code == 0x22:
            self.string()
        elif code == 0x2D or (code is not None and code in _DIGITS):
            self.number()
        elif code == 0x7B:
            self.object()
        elif code == 0x5B:
            self.array()
        elif code in _LITERALS:
            self.literal(_LITERALS[code])
        else:
            raise self.unexpected()

    def object(self) -> None:
        self.pos += 1
        self.skip_whitespace()
        if self._at() == 0x7D:
            self.pos += 1
            return
        self.skip_whitespace()
        if self._at() != 0x22:
            raise self.unexpected("Expected property name or '}'")
        while True:
            self.string()
            self.expect(0x3A, "Expected ':' after property name")
            self.value()
            self.skip_whitespace()
            if self._at() == 0x2C:
                self.pos += 1
                self.skip_whitespace()
                if self._at() != 0x22:
                    raise self.unexpected("Expected double-quoted property name")
                continue
            if self._at() != 0x7D:
                raise self.unexpected("Expected ',' or '}' after property value")
            self.pos += 1
            return

    def array(self) -> None:
        self.pos += 1
        self.skip_whitespace()
        if self._at() == 0x5D:
            self.pos += 1
            return
        while True:
            self.value()
            self.skip_whitespace()
            if self._at() == 0x2C:
                self.pos += 1
                continue
            if self._at() != 0x5D:
                raise self.unexpected("Expected ',' or ']' after array element")
            self.pos += 1
            return

    def literal(self, word: str) -> None:
        for expected in word:
            if self._at() != ord(expected):
                raise self.unexpected()
            self.pos += 1

    def _digits(self) -> None:
        while self._at() is not None and self._at() in _DIGITS:
            self.pos += 1

    def number(self) -> None:
        if self._at() == 0x2D:
            self.pos += 1
            if self._at() is None or self._at() not in _DIGITS:
                raise self.unexpected("No number after minus sign")
        if self._at() == 0x30:
            self.pos += 1
            if self._at() is not None and self._at() in _DIGITS:
                raise self.unexpected()  # a leading zero followed by a digit: "Unexpected number"
        else:
            self._digits()
        if self._at() == 0x2E:
            self.pos += 1
            if self._at() is None or self._at() not in _DIGITS:
                raise self.unexpected("Unterminated fractional number")
            self._digits()
        if self._at() in (0x65, 0x45):
            self.pos += 1
            if self._at() in (0x2B, 0x2D):
                self.pos += 1
            if self._at() is None or self._at() not in _DIGITS:
                raise self.unexpected("Exponent part is missing a number")
            self._digits()

    def string(self) -> None:
        self.pos += 1
        codes = self.codes
        while True:
            if self.pos >= len(codes):
                raise self.unexpected("Unterminated string")
            code = codes[self.pos]
            if code == 0x22:
                self.pos += 1
                return
            if code < 0x20:
                raise self.unexpected("Bad control character in string literal")
            if code == 0x5C:
                self.pos += 1
                if self.pos >= len(codes):
                    raise self.unexpected()  # the end, where an escaped character should be
                escape = codes[self.pos]
                if escape == 0x75:
                    for _ in range(4):
                        self.pos += 1
                        if self.pos >= len(codes) or codes[self.pos] not in _HEX:
                            raise self.unexpected("Bad Unicode escape")
                elif escape not in _SIMPLE_ESCAPES:
                    # V8 classifies escapes through a Latin-1 table: beyond it, the character is a plain bad token
                    raise self.unexpected("Bad escaped character" if escape <= 0xFF else None)
            self.pos += 1


def _from_units(codes: list[int]) -> str:
    """UTF-16 code units back to a Python string (a unit of a split pair stays a lone surrogate)."""
    raw = b"".join(code.to_bytes(2, "little") for code in codes)
    return raw.decode("utf-16-le", "surrogatepass")
