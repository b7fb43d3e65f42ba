"""Segment's message facade (@segment/facade 3.4.10) and the small libraries around it, as the web integration uses
them: the facade's clone and isodate-traverse, obj-case lookups, `@ndhoule/each`, and the accessors the CleverTap
integration calls. Facts and sources: docs/segment-device.md, section "Web: JavaScript at the edges".

Values are JavaScript values as modelled in `transformer/js_objects.py`: the message is what `JSON.parse` gave
(`js.from_json`), the facade copies it (`clone`: `__proto__` keys become prototypes), turns every strict ISO-looking
string into a `JSDate` (`traverse`), and the accessors answer exactly what the facade's methods return.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from ... import js
from ...js import UNDEFINED, truthy
from ...js_objects import (
    INFINITIES,
    JSArray,
    JSDate,
    JSObject,
    JSTypeError,
    call_has_own_property,
    date_utc,
    delete,
    dict_keys,
    for_in,
    get,
    has_own,
    own_keys,
    set_strict,
    to_json,
    to_string,
)

# --- @segment/facade clone.js ---------------------------------------------------------------------------------


def clone(value: Any) -> Any:
    """The facade's `clone`: plain objects copied key by key with `[[Set]]` (a `__proto__` key sets the copy's
    prototype when its value is an object or null, and is lost otherwise), arrays mapped, anything else shared."""
    t = type(value)
    if t is dict and "__proto__" not in value:  # the common case: a key-by-key copy in the same order
        return {k: clone(v) if type(v) in _CONTAINERS else v for k, v in value.items()}
    if t is dict or t is JSObject:
        out: dict[str, Any] = {}
        proto: Any = UNDEFINED
        for key in for_in(value):
            if not has_own(value, key):
                continue
            item = clone(value[key])
            if key == "__proto__":
                if type(item) in (dict, JSObject, list, JSArray) or item is None:
                    proto = item
                continue
            out[key] = item
        return out if proto is UNDEFINED else JSObject(out, proto=proto)
    if t is list or t is JSArray:
        return [clone(v) for v in value]
    return value


_CONTAINERS = (dict, JSObject, list, JSArray)


def copy_of_copy(value: Any) -> Any:
    """`clone` of a value `clone` already made, when only its top level will be changed: a fresh top level (own keys
    only, as a second clone keeps) over the same members."""
    t = type(value)
    if t is dict or t is JSObject:
        return dict(value)
    if t is list or t is JSArray:
        return list(value)
    return value


# --- @segment/isodate 1.0.3 and isodate-traverse 1.1.1 ---------------------------------------------------------
_ISODATE = re.compile(
    r"([0-9]{4})(?:-?([0-9]{2})(?:-?([0-9]{2}))?)?(?:([ T])([0-9]{2}):?([0-9]{2})(?::?([0-9]{2})(?:[,.]([0-9]+))?)?"
    r"(?:(Z)|([+\-])([0-9]{2})(?::?([0-9]{2}))?)?)?\Z"
)
_STRICT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


_ISODATE_MS: dict[int, dict[str, float | None]] = {}  # zone offset -> text -> ms (None: not a date)


def isodate(value: str, local_offset: int) -> Any:
    """isodate-traverse's step for one string: a fresh Date (callers may add properties to it) when the string
    starts `YYYY-MM-DD` and isodate's matcher accepts it, else the string itself. The milliseconds (or "not a
    date") are memoised by text per zone, so a repeated string skips both patterns."""
    memo = _ISODATE_MS.get(local_offset)
    if memo is None:
        memo = _ISODATE_MS[local_offset] = {}
    ms = memo.get(value, _UNSEEN)
    if ms is _UNSEEN:
        ms = None
        if len(value) >= 10 and _STRICT.match(value):
            m = _ISODATE.match(value)
            if m is not None:
                ms = _isodate_ms(m, local_offset)
        if len(memo) >= 10_000:
            memo.clear()
        memo[value] = ms
    return value if ms is None else JSDate(ms)


_UNSEEN: Any = object()


def _isodate_ms(m: re.Match[str], local_offset: int) -> float:
    """isodate's `parse` for a string its matcher accepted: fields through `Date.UTC` (so impossible dates roll
    over and years 0–99 are 1900–1999); a space separator means local time (`local_offset` minutes), `T` without
    a zone means UTC."""
    year, month, day, sep, hh, mm, ss, frac, _zulu, sign, oh, om = m.groups()
    offset = 0
    if sep == " ":
        offset = local_offset
    elif m.group(9) != "Z" and sign:
        offset = int(oh or 0) * 60 + int(om or 0)
        if sign == "+":
            offset = -offset
    millis = int((frac + "00")[:3]) if frac else 0
    return date_utc(
        int(year),
        (int(month) if month and int(month) else 1) - 1,
        int(day) if day and int(day) else 1,
        int(hh or 0),
        int(mm or 0) + offset,
        int(ss or 0),
        millis,
    )


def traverse(value: Any, local_offset: int) -> Any:
    """isodate-traverse (strict): every string at any depth that starts `YYYY-MM-DD` and matches isodate becomes a
    Date; objects and arrays are rewritten in place, key by key (`Object.keys`)."""
    t = type(value)
    if t is str:
        return isodate(value, local_offset) if value[4:5] == "-" and value[:4].isdigit() else value
    if t is dict or t is JSObject:
        for key in list(value):
            item = value[key]
            if type(item) in _TRAVERSED:
                value[key] = traverse(item, local_offset)
        return value
    if t is list or t is JSArray:
        for i, item in enumerate(value):
            if type(item) in _TRAVERSED:
                value[i] = traverse(item, local_offset)
        return value
    return value


_TRAVERSED = (str, dict, JSObject, list, JSArray)
_SAFE = 2**53


def prepare(value: Any, local_offset: int) -> Any:
    """`traverse(clone(JSON.parse(text)))` in one pass: what the facade holds for a JSON value. Equivalent to the
    three steps (`js.from_json`, `clone`, `traverse`), which an object with a `__proto__` key still takes."""
    t = type(value)
    if t is str:
        return isodate(value, local_offset) if value[4:5] == "-" and value[:4].isdigit() else value
    if t is dict:
        if not value:
            return {}
        if "__proto__" in value:
            return traverse(clone(js.from_json(value)), local_offset)
        if min(value)[:1] <= "9":  # some key may be an array index: Object.keys order puts those first
            out = {k: value[k] for k in js.js_key_order(list(value))}
        else:
            out = dict(value)  # a copy in the same order; only the members that change are written again
        for k, v in value.items():
            tv = type(v)
            if tv is str:
                if v[4:5] == "-" and v[:4].isdigit():
                    out[k] = isodate(v, local_offset)
            elif tv is dict or tv is list or (tv is int and not -_SAFE <= v <= _SAFE):
                out[k] = prepare(v, local_offset)
        return out
    if t is list:
        return [prepare(v, local_offset) if type(v) in _PREPARED else v for v in value]
    if t is int and not -_SAFE <= value <= _SAFE:
        return js.from_json(value)
    return value


_PREPARED = (str, dict, list, int)


# --- obj-case 0.2.1 --------------------------------------------------------------------------------------------
_NORMALISE_STRIP = re.compile(r"[^a-zA-Z0-9.]+")


class _Normalised(dict):
    """obj-case's `defaultNormalize`, memoised (bounded)."""

    def __missing__(self, key: str) -> str:
        out = _NORMALISE_STRIP.sub("", key).lower()
        if len(self) < 50_000:
            self[key] = out
        return out


_NORMALISED = _Normalised()


def obj_case_index(obj: dict[str, Any]) -> dict[str, str]:
    """For a plain dict: normalised key -> the first key (in iteration order) with that normalised form. A field
    name without a dot matches exactly the keys whose normalised form equals its own, so this answers obj-case's
    walk in one lookup. Memoised by the keys in order (messages repeat their shapes): the index is shared, read it
    only."""
    keys = tuple(obj)
    index = _INDEXES.get(keys)
    if index is None:
        index = {}
        norm = _NORMALISED
        for k in keys:
            index.setdefault(norm[k], k)
        if len(_INDEXES) >= 10_000:
            _INDEXES.clear()
        _INDEXES[keys] = index
    return index


_INDEXES: dict[tuple[str, ...], dict[str, str]] = {}


def obj_case(obj: Any, path: str) -> Any:
    """obj-case `find(obj, path)`: walk `for...in` keys, taking the first whose normalised form is a prefix of the
    normalised path (followed by `.` or the end); the last step reads the key only if it is the object's own
    (`obj.hasOwnProperty(key)`, which throws when that member is not a function)."""
    norm = _NORMALISED
    path = norm[path]
    key: Any = UNDEFINED
    while True:
        stepped = False
        if obj is not None and obj is not UNDEFINED:
            keys = for_in(obj) if type(obj) is not dict else dict_keys(obj)
            for k in keys:
                nk = norm[k]
                if path.startswith(nk):
                    rest = path[len(nk) :]
                    if rest[:1] == "." or not rest:
                        path = rest[1:]
                        key = k
                        child = get(obj, k)
                        if child is None or child is UNDEFINED or not path:
                            return _find(obj, key)
                        obj = child
                        stepped = True
                        break
        if not stepped:
            return UNDEFINED


def _find(obj: Any, key: str) -> Any:
    if not key:  # obj-case's `if (!key) return;`: an empty key is never found
        return UNDEFINED
    if obj is None or obj is UNDEFINED:
        return obj
    if type(obj) is dict and "hasOwnProperty" not in obj:  # the common case: Object.prototype's method
        return obj.get(key, UNDEFINED)
    return get(obj, key) if call_has_own_property(obj, key) else UNDEFINED


# --- @ndhoule/each 2.0.1 and `is` ------------------------------------------------------------------------------


def supported_values(collection: Any, drop_arrays: bool) -> dict[str, Any]:
    """The integration's `each(fn, collection)` keeping values that are not plain objects (and, with
    `drop_arrays`, not arrays), already as JSON (`to_json`). `collection` is the caller's own (a facade copy nothing
    else reads): a plain dict is changed in place (same order as a copy keeping the rest) and returned."""
    if type(collection) is dict and "length" not in collection:
        values = collection.values()
        if _SCALARS.issuperset(map(type, values)) and INFINITIES.isdisjoint(values):
            return collection  # the common case: nothing to drop or convert
        changes = []
        for key, value in collection.items():
            t = type(value)
            if t is str or t is int or t is bool or value is None or (t is float and -math.inf < value < math.inf):
                continue
            if t is dict or t is JSObject or (drop_arrays and (t is list or t is JSArray)) or value is UNDEFINED:
                changes.append((key, UNDEFINED))
            else:
                changes.append((key, to_json(value)))
        for key, value in changes:
            if value is UNDEFINED:
                del collection[key]
            else:
                collection[key] = value
        return collection
    out: dict[str, Any] = {}
    for key, value in each(collection):
        t = type(value)
        if t is str or t is int or t is bool or value is None or (t is float and -math.inf < value < math.inf):
            out[key] = value
        elif t is dict or t is JSObject or (drop_arrays and (t is list or t is JSArray)):
            continue
        elif value is not UNDEFINED:
            out[key] = to_json(value)
    return out


_SCALARS = frozenset((str, int, float, bool, type(None)))


def each(collection: Any) -> list[tuple[str, Any]]:
    """(key, value) pairs in `@ndhoule/each`'s order: an array-like value (an array, a string, anything with a
    numeric `length`) by index up to `length`, anything else by its own enumerable keys."""
    t = type(collection)
    if t is dict and "length" not in collection:
        return [(k, collection[k]) for k in dict_keys(collection)]
    if collection is None or collection is UNDEFINED:
        return []
    length = get(collection, "length") if t in (dict, JSObject, list, JSArray, str) else UNDEFINED
    if type(length) in (int, float):
        count = math.ceil(length) if length == length else 0
        if count > _MAX_ARRAY_LIKE:
            raise ArrayLikeTooLong(length)
        return [(str(i), get(collection, str(i))) for i in range(max(count, 0))]
    return [(k, get(collection, k)) for k in own_keys(collection) if has_own(collection, k)]


_MAX_ARRAY_LIKE = 100_000


class ArrayLikeTooLong(Exception):
    """A `length` so large that the browser would loop for minutes: reported instead of reproduced."""


def is_object(value: Any) -> bool:
    """`is.object`: `Object.prototype.toString` says `[object Object]` (plain objects, not arrays or Dates)."""
    return type(value) in (dict, JSObject)


def is_array(value: Any) -> bool:
    return type(value) in (list, JSArray)


# --- the facade -------------------------------------------------------------------------------------------------
_IS_EMAIL = re.compile(r".+@.+\..+")
_ABSENT: Any = object()


READ = ("type", "userId", "traits", "event", "properties", "to")  # `timestamp` becomes a Date nobody reads


class Facade:
    """`new Identify(msg)` / `new Track(msg)` / `new Alias(msg)`: the cloned, date-converted message and the
    accessors the CleverTap integration reads. `this.traits()` / `this.properties()` without aliases return a fresh
    copy on every call in JavaScript; they are computed once here (nothing mutates them)."""

    __slots__ = ("obj", "_traits", "_properties", "_indexes", "_tget")

    def __init__(self, message: dict[str, Any], local_offset: int, read: tuple[str, ...] = READ) -> None:
        """`message` is the JSON message as parsed by Python; it is read as `JSON.parse` would have built it.
        Only the fields in `read` are prepared (the accessors used read nothing else)."""
        if "__proto__" in message:  # the message's own prototype: the exact path
            obj = clone(js.from_json(message))
            stamp = get(obj, "timestamp")
            obj = traverse(obj, local_offset)
        else:  # only the fields the integration reads need the copy and the dates
            obj = {}
            for k in read:
                v = message.get(k, _ABSENT)
                if v is not _ABSENT:
                    t = type(v)
                    if t is str:  # only a string with four digits and a `-` can be an isodate
                        obj[k] = isodate(v, local_offset) if v[4:5] == "-" and v[:4].isdigit() else v
                    else:
                        obj[k] = prepare(v, local_offset) if t in _PREPARED else v
            stamp = message.get("timestamp")
            if type(stamp) is dict and "__proto__" in stamp:
                stamp = clone(js.from_json(stamp))
        if type(stamp) in (dict, JSObject, list, JSArray):
            to_string(stamp)  # new-date tests the value against its patterns as a string (which can throw)
        self.obj = obj
        self._traits: Any = UNDEFINED
        self._properties: Any = UNDEFINED
        self._indexes: dict[int, dict[str, str]] | None = None  # made when first needed
        self._tget: Any = None

    def _lookup(self, obj: Any, name: str) -> Any:
        """obj-case `find(obj, name)` for the facade's own (unchanging) traits or properties."""
        if type(obj) is dict and "hasOwnProperty" not in obj and "." not in name:
            indexes = self._indexes
            if indexes is None:
                indexes = self._indexes = {}
            index = indexes.get(id(obj))
            if index is None:
                index = indexes[id(obj)] = obj_case_index(obj)
            key = index.get(_NORMALISED[name])
            return UNDEFINED if not key else obj[key]
        return obj_case(obj, name)

    def field(self, name: str) -> Any:
        obj = self.obj
        value = obj.get(name, UNDEFINED) if type(obj) is dict else get(obj, name)
        return copy_of_copy(value)

    def user_id(self) -> Any:
        obj = self.obj
        if type(obj) is dict:
            value = obj.get("userId")
            if type(value) is str:  # the usual case: nothing to copy
                return value
        return self.field("userId")

    # --- Identify ---------------------------------------------------------------------------------------------
    def plain_traits(self) -> Any:
        """`identify.traits()`: the traits (or `{}`), with `id` set to a truthy userId."""
        if self._traits is UNDEFINED:
            ret = self.field("traits")
            if not truthy(ret):
                ret = {}
            uid = self.user_id()
            if truthy(uid):
                if type(ret) is dict:
                    ret["id"] = uid
                else:
                    ret = _as_settable(ret)
                    set_strict(ret, "id", uid)
            self._traits = ret
        return self._traits

    def proxy_traits(self, name: str) -> Any:
        """`proxy("traits.<name>")`: obj-case on `this.traits()` (the facade clones the value; nothing here
        changes it, so no copy is made)."""
        return self.trait_getter()(name)

    def trait_getter(self) -> Callable[[str], Any]:
        """`proxy_traits` as one function of the name, built once per message (the accessors read several)."""
        tget = self._tget
        if tget is None:
            raw = self.obj.get("traits", UNDEFINED) if type(self.obj) is dict else UNDEFINED
            if type(raw) is dict and "hasOwnProperty" not in raw:
                # this.traits() is a copy of these traits with `id` set to a truthy userId: read through an
                # index of the (unchanged) traits instead, `id` answering for the userId
                uid = self.user_id()
                index = obj_case_index(raw)  # shared: `id` is answered below, not added to it
                if not truthy(uid):
                    uid = UNDEFINED

                def tget(  # the message's values as defaults: plain locals, no closure cells
                    name: str, index: dict[str, str] = index, raw: dict[str, Any] = raw, uid: Any = uid
                ) -> Any:
                    normalised = _NORMALISED[name]
                    key = index.get(normalised)
                    if key is None:  # no trait key: `id` is the truthy userId the copy was given
                        return uid if normalised == "id" else UNDEFINED
                    if not key:
                        return UNDEFINED
                    return uid if key == "id" and uid is not UNDEFINED else raw[key]
            else:
                traits = self.plain_traits()

                def tget(name: str) -> Any:
                    return obj_case(traits, name)

            self._tget = tget
        return tget

    def traits(self, aliases: tuple[tuple[str, str], ...]) -> Any:
        """`identify.traits(aliases)`: each alias's accessor value under its new key, the alias key deleted."""
        ret = self.field("traits")
        if type(ret) is not dict:  # a dict is truthy and settable as it is
            ret = _as_settable(ret if truthy(ret) else {})
        uid = self.user_id()
        plain = type(ret) is dict
        if truthy(uid):
            if plain:
                ret["id"] = uid
            else:
                set_strict(ret, "id", uid)
        get = self.trait_getter()
        for alias, target in aliases:
            value = _IDENTIFY_ACCESSORS[alias](self, get)
            if value is None or value is UNDEFINED:
                continue
            if plain:
                ret[target] = value
                if alias != target:
                    ret.pop(alias, None)
            else:
                set_strict(ret, target, value)
                if alias != target:
                    delete(ret, alias)
        return ret

    def name(self) -> Any:
        return _name(self, self.trait_getter())

    def email(self) -> Any:
        return _email(self, self.trait_getter())

    def phone(self) -> Any:
        return _phone(self, self.trait_getter())

    def avatar(self) -> Any:
        return _avatar(self, self.trait_getter())

    # --- Track ------------------------------------------------------------------------------------------------
    def plain_properties(self) -> Any:
        """`track.properties()`: the properties, or `{}` when falsy."""
        if self._properties is UNDEFINED:
            ret = self.obj.get("properties", UNDEFINED) if type(self.obj) is dict else UNDEFINED
            if type(ret) is not dict:  # a plain dict is only read: no copy needed (and is truthy)
                ret = self.field("properties")
                if not truthy(ret):
                    ret = {}
            self._properties = ret
        return self._properties

    def properties(self, aliases: tuple[tuple[str, str], ...]) -> Any:
        ret = self.field("properties")
        if type(ret) is not dict:  # a dict is truthy and settable as it is
            ret = _as_settable(ret if truthy(ret) else {})
        plain = type(ret) is dict
        for alias, target in aliases:
            accessor = _TRACK_ACCESSORS.get(alias)
            value = accessor(self) if accessor is not None else self._lookup(self.plain_properties(), alias)
            if value is None or value is UNDEFINED:
                continue
            if plain and target != "__proto__":
                ret[target] = value
                ret.pop(alias, None)
            else:
                set_strict(ret, target, value)
                delete(ret, alias)
        return ret

    def event(self) -> Any:
        return self.field("event")

    def total(self) -> Any:
        return self._lookup(self.plain_properties(), "total")

    def products(self) -> Any:
        products = self._lookup(self.plain_properties(), "products")
        if is_array(products):
            return [p for p in products if p is not None]
        return []

    # --- Alias ------------------------------------------------------------------------------------------------
    def to(self) -> Any:
        value = self.user_id()
        return value if truthy(value) else self.field("to")


def _as_settable(value: Any) -> Any:
    """Arrays get named properties in JavaScript: give the copy somewhere to keep them."""
    return JSArray(value) if type(value) is list else value


# Identify's accessors, as functions of the facade and its `proxy_traits` getter (`Facade.trait_getter`).
def _name(f: Facade, get: Callable[[str], Any]) -> Any:
    name = get("name")
    if type(name) is str:
        return js.trim(name)
    first = get("firstName")
    first = js.trim(first) if type(first) is str else UNDEFINED
    last = get("lastName")
    last = js.trim(last) if type(last) is str else UNDEFINED
    if truthy(first) and truthy(last):
        return js.trim(f"{first} {last}")
    return UNDEFINED


def _email(f: Facade, get: Callable[[str], Any]) -> Any:
    email = get("email")
    if truthy(email):
        return email
    uid = f.user_id()
    return uid if _IS_EMAIL.search(to_string(uid)) else UNDEFINED


def _phone(f: Facade, get: Callable[[str], Any]) -> Any:
    one = get("phone")
    if truthy(one):
        return one
    multi = get("phones")
    if is_array(multi):
        return multi[0] if multi else UNDEFINED
    return UNDEFINED


def _avatar(f: Facade, get: Callable[[str], Any]) -> Any:
    value = get("avatar")  # obj-case on this.traits(), without the proxy's clone
    if not truthy(value):
        value = get("photoUrl")
    if not truthy(value):
        value = get("avatarUrl")
    return value


_IDENTIFY_ACCESSORS: dict[str, Callable[[Facade, Callable[[str], Any]], Any]] = {
    "id": lambda f, get: get("id"),
    "name": _name,
    "email": _email,
    "phone": _phone,
    "gender": lambda f, get: get("gender"),
    "birthday": lambda f, get: get("birthday"),
    "avatar": _avatar,
}
_TRACK_ACCESSORS = {"products": Facade.products}

__all__ = [
    "ArrayLikeTooLong",
    "Facade",
    "JSDate",
    "JSTypeError",
    "clone",
    "each",
    "is_array",
    "is_object",
    "obj_case",
    "to_string",
    "traverse",
]
