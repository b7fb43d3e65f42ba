"""Named key-transform strategies ("casings") applied to trait and property keys.

A flavour picks a strategy by name, so the choice is data and can be swapped (for example when a real peer shows
that Segment's closed cloud integration uses another snake_case algorithm):

- ``identity``: keys unchanged (every device mode, CleverTap (Actions)).
- ``to-snake-case``: the semantics of the npm package ``to-snake-case`` 1.0.0 (via ``to-space-case`` and
  ``to-no-case``), which Segment's own JavaScript ecosystem used. This is the classic cloud mode's default
  (docs/segment-cloud.md#key-casing).
- ``lodash-snake-case``: an approximation of lodash's ``snakeCase`` (ASCII and Latin-1 letters), the other
  candidate of docs/segment-cloud.md#key-casing, kept so the disagreeing rows of that table stay visible in tests.

Results are memoised per strategy: real traffic repeats the same few hundred keys, so the hot path is a dict hit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

KeyTransform = Callable[[str], str]

# --- to-snake-case 1.0.0 ---------------------------------------------------------------------------------------
# JavaScript's \W and \w are ASCII-only (no `u` flag), hence re.ASCII: non-ASCII letters count as separators.
_HAS_SPACE = re.compile(r"\s")
_HAS_SEPARATOR = re.compile(r"[_\-.:]")
_HAS_CAMEL = re.compile(r"[a-z][A-Z]|[A-Z][a-z]")
_SEPARATOR_SPLITTER = re.compile(r"[\W_]+(.|$)", re.ASCII)
_CAMEL_SPLITTER = re.compile(r"(.)([A-Z]+)")
_WHITESPACE = re.compile(r"\s")


def _unseparate(match: re.Match[str]) -> str:
    nxt = match.group(1)
    return " " + nxt if nxt else ""


def _uncamelize(match: re.Match[str]) -> str:
    return match.group(1) + " " + " ".join(match.group(2).lower())


def _to_no_case(key: str) -> str:
    if _HAS_SPACE.search(key):
        return key.lower()
    if _HAS_SEPARATOR.search(key):
        return (_SEPARATOR_SPLITTER.sub(_unseparate, key) or key).lower()
    if _HAS_CAMEL.search(key):
        return _CAMEL_SPLITTER.sub(_uncamelize, key).lower()
    return key.lower()


def _js_trim(text: str) -> str:
    return text.strip()


def to_snake_case(key: str) -> str:
    """``to-snake-case`` 1.0.0: to-no-case, then separators to single spaces (trimmed), then spaces to ``_``."""
    spaced = _js_trim(_SEPARATOR_SPLITTER.sub(_unseparate, _to_no_case(key)))
    return _WHITESPACE.sub("_", spaced)


# --- lodash snakeCase (approximation) ----------------------------------------------------------------------------
_LODASH_WORD = re.compile(
    r"[A-Z]+(?=[A-Z][a-z])"  # an acronym followed by a capitalised word: HTTPServer -> HTTP
    r"|[A-Z]?[a-z]+"  # a lower-case word, optionally capitalised
    r"|[A-Z]+"  # a run of capitals
    r"|[0-9]+"  # digits are their own word
)


def lodash_snake_case(key: str) -> str:
    """lodash ``snakeCase``: deburr, split into words (camel humps, acronyms, digit runs), join with ``_``."""
    ascii_key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode("ascii")
    return "_".join(word.lower() for word in _LODASH_WORD.findall(ascii_key))


def identity(key: str) -> str:
    return key


_STRATEGIES: dict[str, KeyTransform] = {
    "identity": identity,
    "to-snake-case": to_snake_case,
    "lodash-snake-case": lodash_snake_case,
}

STRATEGY_NAMES = tuple(_STRATEGIES)
_CACHE_LIMIT = 50_000


class _Memo(dict):
    """Memo table whose `__missing__` computes and stores a key's transform (bounded): lookups stay in C."""

    __slots__ = ("fn",)

    def __init__(self, fn: KeyTransform) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, key: str) -> str:
        out = self.fn(key)
        if len(self) < _CACHE_LIMIT:
            self[key] = out
        return out


def get_casing(name: str) -> KeyTransform:
    """The memoised key transform registered under `name` (KeyError names the choices)."""
    try:
        fn = _STRATEGIES[name]
    except KeyError:
        raise KeyError(f"unknown casing {name!r} (expected one of {', '.join(_STRATEGIES)})") from None
    if fn is identity:
        return identity
    return _Memo(fn).__getitem__
