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
from functools import cache
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
    """A dataclass (with its type name), enum, tuple or scalar as plain JSON values."""
    if isinstance(value, c.Command | e.Event):
        return {"type": type(value).__name__, **_fields(value)}
    if dataclasses.is_dataclass(value):
        return _fields(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [dump(v) for v in value]
    return value


def _fields(value: Any) -> dict[str, Any]:
    return {f.name: dump(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}


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
    if not isinstance(data, dict):
        raise InvalidCommand(f"{path} must be an object.")
    hints = _hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise InvalidCommand(f"{path} has no field {unknown[0]!r}.")
    kwargs = {}
    for name, field in fields.items():
        if name not in data:
            if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
                raise InvalidCommand(f"{path}.{name} is missing.")
            continue
        kwargs[name] = _load(hints[name], data[name], f"{path}.{name}")
    return cls(**kwargs)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _load(tp: Any, value: Any, path: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        options = typing.get_args(tp)
        if value is None and type(None) in options:
            return None
        errors = []
        for option in options:
            if option is type(None):
                continue
            try:
                return _load(option, value, path)
            except InvalidCommand as error:
                errors.append(error)
        raise errors[0]
    if origin is tuple:
        args = typing.get_args(tp)
        if not isinstance(value, list | tuple):
            raise InvalidCommand(f"{path} must be a list.")
        if len(args) == 2 and args[1] is Ellipsis:
            if len(value) > 500:
                raise InvalidCommand(f"{path} has more than 500 entries.")
            return tuple(_load(args[0], v, f"{path}[{i}]") for i, v in enumerate(value))
        if len(value) != len(args):
            raise InvalidCommand(f"{path} must have {len(args)} entries.")
        return tuple(_load(a, v, f"{path}[{i}]") for i, (a, v) in enumerate(zip(args, value, strict=True)))
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(value)
        except ValueError:
            allowed = ", ".join(repr(m.value) for m in tp)
            raise InvalidCommand(f"{path} must be one of {allowed}, not {value!r}.") from None
    if dataclasses.is_dataclass(tp):
        return _load_dataclass(tp, value, path)
    return _scalar(tp, value, path)


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
