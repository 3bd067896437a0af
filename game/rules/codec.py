"""Commands and events to plain JSON values and back.

The same code reads a command from an untrusted socket payload and an event from the store,
so it checks every field against its declared type and says which field is wrong. Output is
`{"type": "CastBallot", ...fields}`; nested values (subjects, outcomes, tallies) are objects.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections.abc import Callable
from functools import cache, partial
from typing import Any

from . import commands as c
from . import events as e
from .errors import InvalidCommand

COMMANDS: dict[str, type[c.Command]] = {
    cls.__name__: cls for cls in vars(c).values() if isinstance(cls, type) and issubclass(cls, c.Command) and cls is not c.Command
}
EVENTS: dict[str, type[e.Event]] = {
    cls.__name__: cls for cls in vars(e).values() if isinstance(cls, type) and issubclass(cls, e.Event) and cls is not e.Event
}


def dump(value: Any) -> Any:
    """A dataclass (with its type name when it is a command or an event), enum, tuple or
    scalar as plain JSON values; anything else as it is."""
    kind = type(value)
    dumper = _DUMPERS.get(kind)
    if dumper is None:
        dumper = _DUMPERS.setdefault(kind, _dumper(kind))
    return dumper(value)


_DUMPERS: dict[type, Callable[[Any], Any]] = {}
"""One dumper per type, built on first sight: a projection dumps tens of thousands of values
(every ballot of every outcome), and asking each value what it is costs more than dumping it."""


def _same(value: Any) -> Any:
    return value


def _dumper(kind: type) -> Callable[[Any], Any]:
    if issubclass(kind, enum.Enum):
        return _enum_value
    if issubclass(kind, tuple | list):
        return _sequence
    if dataclasses.is_dataclass(kind):
        names = tuple(f.name for f in dataclasses.fields(kind) if f.init)
        if issubclass(kind, c.Command | e.Event):
            tag = kind.__name__
            return lambda value: {"type": tag, **{name: dump(getattr(value, name)) for name in names}}
        return lambda value: {name: dump(getattr(value, name)) for name in names}
    return _same


def _enum_value(value: enum.Enum) -> Any:
    return value.value


def _sequence(value: tuple | list) -> list[Any]:
    return [dump(v) for v in value]


def load_command(data: Any) -> c.Command:
    """A command from a client's payload; InvalidCommand names the first thing wrong."""
    return _load_tagged(data, COMMANDS, "command")


def load_event(data: Any) -> e.Event:
    return _load_tagged(data, EVENTS, "event")


def _load_tagged(data: Any, table: dict[str, type], what: str) -> Any:
    if not isinstance(data, dict):
        raise InvalidCommand(f"A {what} must be a JSON object with a 'type'.")
    name = data.get("type")
    cls = table.get(name) if isinstance(name, str) else None
    if cls is None:
        raise InvalidCommand(f"Unknown {what} type {name!r}.")
    body = {k: v for k, v in data.items() if k != "type"}
    return _load_dataclass(cls, body, name)


def _load_dataclass(cls: type, data: Any, path: str) -> Any:
    return _reader(cls)(data, path)


@cache
def _reader(tp: Any) -> Callable[[Any, str], Any]:
    """A function reading values of type `tp`, built once per type: the store reads tens of
    thousands of events when it folds a long session."""
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        return _union_reader(typing.get_args(tp))
    if origin is tuple:
        return _tuple_reader(typing.get_args(tp))
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return partial(_enum, tp)
    if dataclasses.is_dataclass(tp):
        return _dataclass_reader(tp)
    return partial(_scalar, tp)


def _dataclass_reader(cls: type) -> Callable[[Any, str], Any]:
    hints = typing.get_type_hints(cls)
    fields = [f for f in dataclasses.fields(cls) if f.init]
    names = {f.name for f in fields}
    required = [
        f.name for f in fields if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]

    def read(data: Any, path: str) -> Any:
        if not isinstance(data, dict):
            raise InvalidCommand(f"{path} must be an object.")
        unknown = [k for k in data if k not in names]
        if unknown:
            raise InvalidCommand(f"{path} has no field {sorted(map(str, unknown))[0]!r}.")
        for name in required:
            if name not in data:
                raise InvalidCommand(f"{path}.{name} is missing.")
        return cls(**{name: _reader(hints[name])(value, f"{path}.{name}") for name, value in data.items()})

    return read


def _union_reader(options: tuple[Any, ...]) -> Callable[[Any, str], Any]:
    optional = type(None) in options
    readers = [_reader(o) for o in options if o is not type(None)]

    def read(value: Any, path: str) -> Any:
        if value is None and optional:
            return None
        errors = []
        for reader in readers:
            try:
                return reader(value, path)
            except InvalidCommand as error:
                errors.append(error)
        raise errors[0]

    return read


def _tuple_reader(args: tuple[Any, ...]) -> Callable[[Any, str], Any]:
    if len(args) == 2 and args[1] is Ellipsis:
        item = _reader(args[0])

        def read_many(value: Any, path: str) -> Any:
            if not isinstance(value, list | tuple):
                raise InvalidCommand(f"{path} must be a list.")
            if len(value) > 500:
                raise InvalidCommand(f"{path} has more than 500 entries.")
            return tuple(item(v, f"{path}[{i}]") for i, v in enumerate(value))

        return read_many
    readers = [_reader(a) for a in args]

    def read_fixed(value: Any, path: str) -> Any:
        if not isinstance(value, list | tuple) or len(value) != len(readers):
            raise InvalidCommand(f"{path} must be a list of {len(readers)} entries.")
        return tuple(r(v, f"{path}[{i}]") for i, (r, v) in enumerate(zip(readers, value, strict=True)))

    return read_fixed


def _enum(tp: type[enum.Enum], value: Any, path: str) -> Any:
    try:
        return tp(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in tp)
        raise InvalidCommand(f"{path} must be one of {allowed}, not {value!r}.") from None


def _scalar(tp: Any, value: Any, path: str) -> Any:
    if tp is bool:
        if isinstance(value, bool):
            return value
        raise InvalidCommand(f"{path} must be true or false.")
    if tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise InvalidCommand(f"{path} must be a whole number.")
    if tp is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise InvalidCommand(f"{path} must be a number.")
    if tp is str:
        if isinstance(value, str):
            return value
        raise InvalidCommand(f"{path} must be text.")
    raise InvalidCommand(f"{path} has a type this server cannot read.")
