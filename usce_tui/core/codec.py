"""Records to JSON and back: dates as ISO strings, ``Decimal`` as strings, money with its
currency. Decoding checks every value's type and raises ``ValueError`` naming the field."""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from usce_tui.core.values import ExchangeRate, Money, StatusChange

_HINTS: dict[type, dict[str, Any]] = {}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # written as a date, but one that does not exist
STORE_BOOKKEEPING = "_rev"  # kept beside each stored record by the store (its versions, for merging)


def _fields(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        hints = typing.get_type_hints(cls)
        _HINTS[cls] = {f.name: hints[f.name] for f in dataclasses.fields(cls)}
    return _HINTS[cls]


_PLAIN: dict[type, dict[str, type]] = {}


def _plain_fields(cls: type) -> dict[str, type]:
    """The fields typed exactly str, bool or int: decoding them is a type check."""
    if cls not in _PLAIN:
        _PLAIN[cls] = {k: h for k, h in _fields(cls).items() if h in (str, bool, int)}
    return _PLAIN[cls]


def _unless_none(hint: Any) -> Any:
    """The type inside ``X | None`` (``hint`` itself when it is not optional)."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in typing.get_args(hint):
        return next(a for a in typing.get_args(hint) if a is not type(None))
    return hint


_NULLABLE: dict[type, frozenset[str]] = {}


def _nullable_fields(cls: type) -> frozenset[str]:
    """The fields that may be None (``date | None``, say): None there needs no decoding."""
    if cls not in _NULLABLE:
        _NULLABLE[cls] = frozenset(k for k, h in _fields(cls).items() if _unless_none(h) is not h)
    return _NULLABLE[cls]


_AS_IS = frozenset({str, int, bool, float, type(None)})


def encode(value: Any) -> Any:
    """A value as JSON: dates and decimals as strings, dataclasses as objects."""
    if type(value) in _AS_IS:  # most values: checked first, as a large import encodes millions
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Money):
        return {"amount": str(value.amount), "currency": value.currency}
    if dataclasses.is_dataclass(value):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    return value


_JSON_KINDS = {str: "text", bool: "true/false", int: "a whole number", float: "a number",
               list: "a list", dict: "an object", type(None): "nothing (null)"}


def json_kind(raw: Any) -> str:
    """What kind of JSON value ``raw`` is, in words (never the value: it may be private text)."""
    return _JSON_KINDS.get(type(raw), type(raw).__name__)


def _decode(hint: Any, raw: Any, name: str) -> Any:
    """Turn stored JSON into the annotated type; raise ``ValueError`` naming the field.

    The message names the field and the kind of value found, never the value itself: a
    damaged journal entry's text must not reach a terminal or a log.
    """
    try:
        return _decoder(hint)(raw)
    except (TypeError, KeyError, ValueError, InvalidOperation, AttributeError, OverflowError):
        expected = _expected(hint)
        if hint is Money and isinstance(raw, dict) and "amount" in raw and "currency" in raw:
            raise ValueError(f"field {name!r} holds an amount that is not usable (not a number, or "
                             "a trillion or more, or too small to count)") from None
        if _unless_none(hint) is date and isinstance(raw, str) and _ISO_DAY.fullmatch(raw):
            raise ValueError(f"field {name!r} holds a date that does not exist (a 31 February)") from None
        found = json_kind(raw)
        if found == expected or (found == "a list" and expected.startswith("a list")):
            found = f"{found} that does not read as one" if not isinstance(raw, list) \
                else "a list with an item of the wrong kind"
        raise ValueError(f"field {name!r} should be {expected}, not {found}") from None


def _expected(hint: Any) -> str:
    """What a field of type ``hint`` holds, in words."""
    if _unless_none(hint) is not hint:
        return _expected(_unless_none(hint))
    origin = typing.get_origin(hint)
    if origin is list:
        return f"a list of {_expected(typing.get_args(hint)[0]).removeprefix('a ').removeprefix('an ')}"
    words = {date: "a date (YYYY-MM-DD)", Money: "an amount with a currency", Decimal: "an amount",
             str: "text",
             bool: "true/false", int: "a whole number", StatusChange: "a dated step",
             ExchangeRate: "an exchange rate", dict: "an object"}
    return words.get(hint, words.get(origin, "another kind of value"))


_DECODERS: dict[Any, Callable[[Any], Any]] = {}
MAX_DEPTH = 200  # JSON nested deeper cannot be written back (orjson stops at 255)


def _finite(raw: Any) -> Decimal:
    """An amount as a ``Decimal``; NaN and infinities are refused (they break every sum)."""
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise TypeError
    value = Decimal(str(raw))
    if not value.is_finite() or not -AMOUNT_DIGITS < value.adjusted() < AMOUNT_DIGITS:
        raise ValueError  # NaN, infinite, or too large or small for sums to stay exact
    return value


AMOUNT_DIGITS = 13  # amounts and rates between 10**-13 and 10**13 (Decimal keeps 28 digits)


def _too_deep(value: Any) -> bool:
    """True when ``value`` nests lists and objects more than ``MAX_DEPTH`` levels deep."""
    level = [value]
    for _ in range(MAX_DEPTH):
        level = [v for item in level if isinstance(item, list | dict)
                 for v in (item.values() if isinstance(item, dict) else item)]
        if not level:
            return False
    return True


def _exactly(kind: type) -> Callable[[Any], Any]:
    def check(raw: Any) -> Any:
        if type(raw) is not kind:
            raise TypeError
        return raw
    return check


def _decoder(hint: Any) -> Callable[[Any], Any]:
    """A function that decodes one stored value of type ``hint`` (built once per type)."""
    if hint in _DECODERS:
        return _DECODERS[hint]
    origin = typing.get_origin(hint)
    decode: Callable[[Any], Any]
    if _unless_none(hint) is not hint:
        inner = _decoder(_unless_none(hint))
        decode = lambda raw: None if raw is None else inner(raw)  # noqa: E731
    elif origin is list:
        item = _decoder(typing.get_args(hint)[0])
        decode = lambda raw: [item(v) for v in _exactly(list)(raw)]  # noqa: E731
    elif origin is dict:
        decode = lambda raw: dict(_exactly(dict)(raw))  # noqa: E731  (a copy: records are changed)
    elif hint is date:
        decode = date.fromisoformat
    elif hint is Decimal:
        decode = _finite
    elif hint is Money:
        decode = lambda raw: Money(_finite(raw["amount"]), _exactly(str)(raw["currency"]))  # noqa: E731
    elif hint is StatusChange:
        decode = lambda raw: StatusChange(raw["status"], date.fromisoformat(raw["on"]),  # noqa: E731
                                          raw.get("note", ""))
    elif hint is ExchangeRate:
        decode = lambda raw: ExchangeRate(str(raw["currency"]), _finite(raw["per_usd"]),  # noqa: E731
                                          date.fromisoformat(raw["on"]))
    elif hint in (bool, int, str):
        decode = _exactly(hint)
    else:
        decode = lambda raw: raw  # noqa: E731
    _DECODERS[hint] = decode
    return decode


_FIELD_DECODERS: dict[type, dict[str, Callable[[Any], Any]]] = {}


def _field_decoders(cls: type) -> dict[str, Callable[[Any], Any]]:
    """Each stored field's decoder, found once per class (a large file decodes thousands of
    records: looking up each field's type in a table of types, per record, was a third of it)."""
    if cls not in _FIELD_DECODERS:
        _FIELD_DECODERS[cls] = {k: _decoder(h) for k, h in _fields(cls).items() if k not in ("id", "extra")}
    return _FIELD_DECODERS[cls]


def decode_record(cls: type, raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(field values, unknown keys) of a stored record of dataclass ``cls``; raises
    ``ValueError`` naming the first field whose value has the wrong type."""
    plain = _plain_fields(cls)
    nullable = _nullable_fields(cls)
    decoders = _field_decoders(cls)
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in raw.items():
        if key == STORE_BOOKKEEPING:
            continue  # the store's history of versions, not part of the record
        if type(value) is plain.get(key):  # a str, bool or int field holding just that
            values[key] = value
            continue
        if value is None and key in nullable:  # an optional field left empty: most of a program's
            values[key] = None
            continue
        decode = decoders.get(key)
        if decode is not None:
            try:
                decoded = values[key] = decode(value)
            except (TypeError, KeyError, ValueError, InvalidOperation, AttributeError, OverflowError):
                _decode(_fields(cls)[key], value, key)  # raises, saying what is wrong with it
                raise  # pragma: no cover - _decode raised above
            if type(decoded) is dict and _too_deep(value):  # a free-form object (an amount is not)
                raise ValueError(f"field {key!r} is nested too deeply to be saved")
        else:
            if isinstance(value, list | dict) and _too_deep(value):
                raise ValueError(f"field {key!r} is nested too deeply to be saved")
            extra[key] = value
    return values, extra
