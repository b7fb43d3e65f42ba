"""`Date.parse` / `new Date(string)` as V8 (Node's engine) computes it, without a clock; part of the JS layer.

ECMAScript only defines the ISO format ("2026-01-02T03:04:05Z"); every other string is left to the engine, and
V8 falls back to a permissive "legacy" parser that reads numbers, month names, AM/PM and zone names in almost
any arrangement: `"585.08,,17"` is 17 August 585, `"1.5,2"` is 5 January 2002, and `" 2026-01-02T03:04:05Z "`
(spaces around an ISO date) is an Invalid Date because the `T` becomes a stray word. rudder-transformer's
`toUnixTimestamp` feeds message values straight into `new Date(...)`, so these rules decide the `ts` it sends.

This is our own implementation of the behaviour of V8's date parser (`src/date/dateparser*.{h,cc}` in
https://github.com/v8/v8, described in docs/js-semantics.md), checked value for value against `Date.parse` of
Node 20 in `tests/transformer/test_js_date.py`. Strings without an offset are local time in JavaScript; they are
read as UTC here, the time zone rudder-transformer's container runs in (`TZ=UTC`).

`parse_date_ms(text)` returns milliseconds since the epoch as a float, NaN for an Invalid Date.
"""

from __future__ import annotations

import math
import re

Token = tuple[int, int, int, int]  # (tag, value, length in characters, keyword type of a word)

_NONE = 2**31 - 1  # V8's kNone marker (kMaxInt)
_MAX_DIGITS = 9  # a numeral's value uses its first nine digits; the rest only count towards its length
_MAX_TIME_MS = 8.64e15
_SMI_MAX = 2**31 - 1

# token tags
_END, _NUM, _SYM, _WS, _UNKNOWN, _WORD = range(6)
# keyword types (a word is a keyword of type INVALID when the table has no entry for it)
_INVALID, _MONTH, _ZONE, _TIME_SEP, _AM_PM = range(5)

# (three-letter lower-case prefix padded with NUL, type, value); longer words match month names only
_KEYWORDS: tuple[tuple[str, int, int], ...] = (
    *((m, _MONTH, i) for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun"), start=1)),
    *((m, _MONTH, i) for i, m in enumerate(("jul", "aug", "sep", "oct", "nov", "dec"), start=7)),
    ("am\0", _AM_PM, 0),
    ("pm\0", _AM_PM, 12),
    ("ut\0", _ZONE, 0),
    ("utc", _ZONE, 0),
    ("z\0\0", _ZONE, 0),
    ("gmt", _ZONE, 0),
    ("cdt", _ZONE, -5),
    ("cst", _ZONE, -6),
    ("edt", _ZONE, -4),
    ("est", _ZONE, -5),
    ("mdt", _ZONE, -6),
    ("mst", _ZONE, -7),
    ("pdt", _ZONE, -7),
    ("pst", _ZONE, -8),
    ("t\0\0", _TIME_SEP, 0),
)
# ECMAScript WhiteSpace (ends a word) and LineTerminator; U+2028/U+2029 are word characters to V8's tokenizer
_WHITE = frozenset(
    "\t\v\f \u00a0\ufeff\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
_SPACES = _WHITE | frozenset("\n\r")
_DIGITS = frozenset("0123456789")
_SYMBOLS = frozenset(":-+.)")


def _keyword(word: str) -> tuple[int, int]:
    prefix = "".join(chr(ord(c) | 0x20) for c in word[:3]).ljust(3, "\0")
    for key, kind, value in _KEYWORDS:
        if key == prefix and (len(word) <= 3 or kind == _MONTH):
            return kind, value
    return _INVALID, 0


def _tokens(text: str) -> list[Token]:
    """Every token, then END. A NUL character ends the input, as in V8."""
    out: list[Token] = []
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if c == "\0":
            break
        if c in _DIGITS:
            j = i
            while j < n and text[j] == "0":  # leading zeros do not count towards the nine significant digits
                j += 1
            k = j
            while j < n and text[j] in _DIGITS:
                j += 1
            out.append((_NUM, int(text[k : min(j, k + _MAX_DIGITS)] or "0"), j - i, 0))
            i = j
        elif c in _SYMBOLS:
            out.append((_SYM, ord(c), 1, 0))
            i += 1
        elif c >= "A" and c not in _WHITE:
            j = i
            while j < n and text[j] >= "A" and text[j] not in _WHITE:
                j += 1
            kind, value = _keyword(text[i:j])
            out.append((_WORD, value, j - i, kind))
            i = j
        elif c in _SPACES:
            out.append((_WS, 0, 1, 0))
            i += 1
        elif c == "(":
            balance = 0
            while True:
                ch = text[i] if i < n else "\0"
                if ch == ")":
                    balance -= 1
                elif ch == "(":
                    balance += 1
                i += 1
                if not (balance > 0 and i < n and text[i] != "\0"):
                    break
            out.append((_UNKNOWN, 0, 1, 0))
        else:
            out.append((_UNKNOWN, 0, 1, 0))
            i += 1
    out.append((_END, -1, 0, 0))
    return out


def _is_sym(token: Token, symbol: str) -> bool:
    return token[0] == _SYM and token[1] == ord(symbol)


def _is_sign(token: Token) -> bool:
    return token[0] == _SYM and token[1] in (43, 45)


def _sign(token: Token) -> int:
    return 44 - token[1]


def _is_num(token: Token, length: int | None = None) -> bool:
    return token[0] == _NUM and (length is None or token[2] == length)


def _is_kw(token: Token, kind: int) -> bool:
    return token[0] == _WORD and token[3] == kind


def _is_z(token: Token) -> bool:
    return token[0] == _WORD and token[2] == 1 and token[3] == _ZONE and token[1] == 0


def _millis(token: Token) -> int:
    number, length = token[1], token[2]
    if length == 1:
        return number * 100
    if length == 2:
        return number * 10
    length = min(length, _MAX_DIGITS)
    while length > 3:
        number //= 10
        length -= 1
    return number


class _State:
    """The day, time and zone composers of V8's parser, with their acceptance rules."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.day: list[int] = []
        self.named_month = _NONE
        self.iso = False
        self.time: list[int] = []
        self.hour_offset = _NONE
        self.tz_sign = _NONE
        self.tz_hour = _NONE
        self.tz_minute = _NONE

    # scanner
    def peek(self) -> Token:
        return self.tokens[self.pos]

    def next(self) -> Token:
        token = self.tokens[self.pos]
        if token[0] != _END:
            self.pos += 1
        return token

    def skip(self, symbol: str) -> bool:
        if _is_sym(self.peek(), symbol):
            self.pos += 1
            return True
        return False

    # composers
    def day_add(self, n: int) -> bool:
        if len(self.day) < 3:
            self.day.append(n)
            return True
        return False

    def time_add(self, n: int) -> bool:
        if len(self.time) < 4:
            self.time.append(n)
            return True
        return False

    def time_add_final(self, n: int) -> bool:
        if not self.time_add(n):
            return False
        while len(self.time) < 4:
            self.time.append(0)
        return True

    def time_expecting(self, n: int) -> bool:
        k = len(self.time)
        return (k == 1 and 0 <= n <= 59) or (k == 2 and 0 <= n <= 59) or (k == 3 and 0 <= n <= 999)

    def tz_set(self, hours: int) -> None:
        self.tz_sign = -1 if hours < 0 else 1
        self.tz_hour = hours * self.tz_sign
        self.tz_minute = 0

    def tz_expecting(self, n: int) -> bool:
        return self.tz_hour != _NONE and self.tz_minute == _NONE and 0 <= n <= 59

    def tz_is_utc(self) -> bool:
        return self.tz_hour == 0 and self.tz_minute == 0


def _es5(s: _State) -> Token | None:
    """The ISO part; returns the token the legacy parser continues with (END when done), None when invalid."""
    if _is_sign(s.peek()):
        sign_token = s.next()
        if not _is_num(s.peek(), 6):
            return sign_token
        year = s.next()[1]
        if _sign(sign_token) < 0 and year == 0:
            return sign_token
        s.day_add(_sign(sign_token) * year)
    elif _is_num(s.peek(), 4):
        s.day_add(s.next()[1])
    else:
        return s.next()
    if s.skip("-"):
        if not _is_num(s.peek(), 2) or not 1 <= s.peek()[1] <= 12:
            return s.next()
        s.day_add(s.next()[1])
        if s.skip("-"):
            if not _is_num(s.peek(), 2) or not 1 <= s.peek()[1] <= 31:
                return s.next()
            s.day_add(s.next()[1])
    if not _is_kw(s.peek(), _TIME_SEP):
        if s.peek()[0] != _END:
            return s.next()
    else:
        s.next()
        if not _is_num(s.peek(), 2) or not 0 <= s.peek()[1] <= 24:
            return None
        hour_is_24 = s.peek()[1] == 24
        s.time_add(s.next()[1])
        if not s.skip(":"):
            return None
        if not _is_num(s.peek(), 2) or not 0 <= s.peek()[1] <= 59 or (hour_is_24 and s.peek()[1] > 0):
            return None
        s.time_add(s.next()[1])
        if s.skip(":"):
            if not _is_num(s.peek(), 2) or not 0 <= s.peek()[1] <= 59 or (hour_is_24 and s.peek()[1] > 0):
                return None
            s.time_add(s.next()[1])
            if s.skip("."):
                if not _is_num(s.peek()) or (hour_is_24 and s.peek()[1] > 0):
                    return None
                s.time_add(_millis(s.next()))
        if _is_z(s.peek()):
            s.next()
            s.tz_set(0)
        elif _is_sign(s.peek()):
            s.tz_sign = _sign(s.next())
            if _is_num(s.peek(), 4):
                hourmin = s.next()[1]
                hour, minute = divmod(hourmin, 100)
                if not (0 <= hour <= 23 and 0 <= minute <= 59):
                    return None
                s.tz_hour, s.tz_minute = hour, minute
            else:
                if not _is_num(s.peek(), 2) or not 0 <= s.peek()[1] <= 23:
                    return None
                s.tz_hour = s.next()[1]
                if not s.skip(":"):
                    return None
                if not _is_num(s.peek(), 2) or not 0 <= s.peek()[1] <= 59:
                    return None
                s.tz_minute = s.next()[1]
        if s.peek()[0] != _END:
            return None
    if s.tz_hour == _NONE and not s.time:
        s.tz_set(0)
    s.iso = True
    return s.tokens[-1]


def _legacy(s: _State, token: Token) -> bool:
    has_read_number = bool(s.day)
    while token[0] != _END:
        tag = token[0]
        if tag == _NUM:
            has_read_number = True
            n = token[1]
            if s.skip(":"):
                if s.skip(":"):
                    if s.time:
                        return False
                    s.time_add(n)
                    s.time_add(0)
                else:
                    if not s.time_add(n):
                        return False
                    if _is_sym(s.peek(), "."):
                        s.next()
            elif s.skip(".") and s.time_expecting(n):
                s.time_add(n)
                if not _is_num(s.peek()):
                    return False
                s.time_add_final(_millis(s.next()))
            elif s.tz_expecting(n):
                s.tz_minute = n
            elif s.time_expecting(n):
                s.time_add_final(n)
                peek = s.peek()
                if not (peek[0] in (_END, _WS) or _is_z(peek) or _is_sign(peek)):
                    return False
            else:
                if not s.day_add(n):
                    return False
                s.skip("-")
        elif tag == _WORD:
            kind, value = token[3], token[1]
            if kind == _AM_PM and s.time:
                s.hour_offset = value
            elif kind == _MONTH:
                s.named_month = value
                s.skip("-")
            elif kind == _ZONE and has_read_number:
                s.tz_set(value)
            else:
                if has_read_number:
                    return False
                if _is_num(s.peek()):
                    return False
        elif _is_sign(token) and (s.tz_is_utc() or s.time):
            s.tz_sign = _sign(token)
            n = 0
            length = 0
            if _is_num(s.peek()):
                number = s.next()
                n, length = number[1], number[2]
            has_read_number = True
            if _is_sym(s.peek(), ":"):
                s.tz_hour = n
                s.tz_minute = _NONE
            elif length in (1, 2):
                s.tz_hour, s.tz_minute = n, 0
            elif length in (3, 4):
                s.tz_hour, s.tz_minute = divmod(n, 100)
            else:
                return False
        elif (_is_sign(token) or _is_sym(token, ")")) and has_read_number:
            return False
        token = s.next()
    return True


def _days_from_civil(y: int, m: int, d: int) -> int:
    y -= m <= 2
    era = y // 400  # floor division already rounds towards minus infinity
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _compose(s: _State) -> float:
    # DayComposer::Write
    if not s.day:
        return math.nan
    comp = s.day + [1] * (3 - len(s.day))
    year = 0
    if s.named_month == _NONE:
        if s.iso or not 1 <= comp[0] <= 31:
            year, month, day = comp
        else:
            month, day, year = comp
    else:  # V8 pads the components to three before choosing, so its "one component" branch never applies
        month = s.named_month
        if not 1 <= comp[0] <= 31:
            year, day = comp[0], comp[1]
        else:
            day, year = comp[0], comp[1]
    if not s.iso:
        if 0 <= year <= 49:
            year += 2000
        elif 50 <= year <= 99:
            year += 1900
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return math.nan
    # TimeComposer::Write
    hour, minute, second, ms = s.time + [0] * (4 - len(s.time))
    if s.hour_offset != _NONE:
        if not 0 <= hour <= 12:
            return math.nan
        hour = hour % 12 + s.hour_offset
    if not (0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 59 and 0 <= ms <= 999):
        if hour != 24 or minute or second or ms:
            return math.nan
    # TimeZoneComposer::Write, then MakeDay / MakeTime / MakeDate, the offset and TimeClip
    offset = 0
    if s.tz_sign != _NONE:
        h = 0 if s.tz_hour == _NONE else s.tz_hour
        m = 0 if s.tz_minute == _NONE else s.tz_minute
        total = (h * 3600 + m * 60) & 0xFFFFFFFF  # unsigned 32-bit arithmetic in V8, wrapping
        if total > _SMI_MAX:
            return math.nan
        offset = -total if s.tz_sign < 0 else total
    if abs(year) > 1_000_000:
        return math.nan
    days = _days_from_civil(year, month, 1) + day - 1
    t = float(days * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + ms - offset * 1000)
    if abs(t) > _MAX_TIME_MS:
        return math.nan
    return t


def v8_parse(text: str) -> float:
    """V8's date-string parser: the ISO format first, then the legacy rules for whatever is left."""
    state = _State(_tokens(text))
    token = _es5(state)
    if token is None:
        return math.nan
    if not _legacy(state, token):
        return math.nan
    return _compose(state)


_ISO_FULL = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3})\d*)?(Z|[+-]\d{2}:\d{2})?\Z", re.ASCII
)


def parse_date_ms(text: str) -> float:
    """`Date.parse(text)`: milliseconds since the epoch, NaN for an Invalid Date (local time read as UTC)."""
    m = _ISO_FULL.match(text)  # the common full ISO form, read positionally (same answer as the general parser)
    if m is None:
        return v8_parse(text)
    y, mo, d, h, mi, sec, frac, z = m.groups()
    month, day, hour, minute, second = int(mo), int(d), int(h), int(mi), int(sec)
    if not (1 <= month <= 12 and 1 <= day <= 31 and hour <= 24 and minute <= 59 and second <= 59):
        return math.nan
    ms = int(frac.ljust(3, "0")) if frac else 0
    if hour == 24 and (minute or second or ms):
        return math.nan
    offset = 0
    if z and z != "Z":
        oh, om = int(z[1:3]), int(z[4:6])
        if oh > 23 or om > 59:
            return math.nan
        offset = (oh * 60 + om) * (-1 if z[0] == "-" else 1)
    t = float(
        _days_from_civil(int(y), month, 1) * 86_400_000
        + (day - 1) * 86_400_000
        + ((hour * 60 + minute) * 60 + second) * 1000
        + ms
        - offset * 60_000
    )
    return math.nan if abs(t) > _MAX_TIME_MS else t


__all__ = ["parse_date_ms", "v8_parse"]
