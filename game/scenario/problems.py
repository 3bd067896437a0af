"""Problems in a scenario file, said in plain words with the file, line and field.

An instructor reads these at a terminal, so each names where to look
(``broken.yaml:12: delegations[1].bloc: ...``) and what to write instead, never a traceback.
Pydantic's error records are translated here; the cross-reference checks write their own.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Loc = tuple[str | int, ...]
"""A field's place in the document: keys and list positions, as pydantic reports them."""

_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_\-]+$")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a scenario file, and where."""

    file: str
    line: int
    """1-based; the line of the offending key or list entry, else of its nearest parent."""
    field_path: str
    """Like ``delegations[3].bloc``; ``(file)`` for problems with the file as a whole."""
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field_path}: {self.message}"


class ScenarioError(Exception):
    """A scenario file that cannot be used, with every problem found in it."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def field_path(loc: Loc) -> str:
    """``('delegations', 3, 'bloc')`` as ``delegations[3].bloc``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_KEY.match(part):
            out += f".{part}" if out else part
        else:
            out += f"[{part!r}]"
    return out or "(file)"


def line_of(lines: Mapping[Loc, int], loc: Loc) -> int:
    """The line of `loc`, or of its nearest parent that the document spells out."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return 1


def suggest(value: str, known: Iterable[str]) -> str:
    """`` (did you mean 'CEPT'?)`` when something close exists, else nothing."""
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def one_of(values: Iterable[str], given: Any = None) -> str:
    values = list(values)
    hint = suggest(given, values) if isinstance(given, str) else ""
    return f"must be one of: {', '.join(values)}{hint}"


# --- pydantic's error records, in plain words ----------------------------------------------

_SIMPLE = {
    "missing": "field required",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "bool_type": "must be true or false",
    "float_type": "must be a number",
    "finite_number": "must be a finite number",
    "string_too_short": "must not be empty",
    "list_type": "must be a list (one entry per line, each starting with '- ')",
    "tuple_type": "must be a list (one entry per line, each starting with '- ')",
    "dict_type": "must be a mapping ('key: value' lines)",
    "model_type": "must be a block of fields ('name: value' lines)",
    "model_attributes_type": "must be a block of fields ('name: value' lines)",
}


def spurious(error: Mapping[str, Any]) -> bool:
    """Pydantic also says a list is too short when only its entries failed; that misleads."""
    given, ctx = error.get("input"), error.get("ctx") or {}
    return error["type"] == "too_short" and hasattr(given, "__len__") and len(given) >= ctx.get("min_length", 0)


def translate(error: Mapping[str, Any], allowed_fields: tuple[str, ...], nested: Mapping[str, tuple[str, ...]], patterns: Mapping[str, str]) -> tuple[Loc, str]:
    """A pydantic error record as (where, what in plain words).

    `allowed_fields` are the fields of the block holding an unknown field; `nested` maps
    each sub-block of it to its own fields, to say "it belongs under 'policy'"; `patterns`
    maps a regular expression to the sentence that explains it.
    """
    kind, ctx, given = error["type"], error.get("ctx") or {}, error.get("input")
    loc = tuple(p for p in error["loc"] if p != "[key]")
    if kind == "extra_forbidden":
        return loc, _unknown_field(str(loc[-1]), allowed_fields, nested)
    if kind in ("enum", "literal_error"):
        return loc, one_of(re.findall(r"'([^']*)'", ctx.get("expected", "")), given)
    if kind == "string_type":
        return loc, _not_text(given)
    if kind == "string_pattern_mismatch":
        return loc, patterns.get(ctx.get("pattern"), "is not written as expected").format(given=given)
    return loc, _bounds(kind, ctx) or _SIMPLE.get(kind) or _value_error(kind, ctx, error)


def _unknown_field(name: str, allowed: tuple[str, ...], nested: Mapping[str, tuple[str, ...]]) -> str:
    home = next((block for block, fields in nested.items() if name in fields), None)
    if home is not None:
        return f"unknown field '{name}' here (it belongs under '{home}')"
    hint = suggest(name, allowed)
    if hint:
        return f"unknown field '{name}'{hint}"
    return f"unknown field '{name}'; the fields allowed here are: {', '.join(allowed)}"


def _not_text(given: Any) -> str:
    if given is None:
        return "is empty; write a value after the colon"
    if isinstance(given, bool | int | float):
        return f"must be text, not the {'number' if not isinstance(given, bool) else 'value'} {given!r}; put it in quotes"
    return "must be text"


def _bounds(kind: str, ctx: Mapping[str, Any]) -> str | None:
    if kind == "greater_than_equal":
        return f"must be at least {_number(ctx['ge'])}"
    if kind == "less_than_equal":
        return f"must be at most {_number(ctx['le'])}"
    if kind == "string_too_long":
        return f"must be at most {ctx['max_length']} characters long"
    if kind == "too_short":
        n = ctx["min_length"]
        return f"must have at least {n} {'entry' if n == 1 else 'entries'}"
    if kind == "too_long":
        return f"must have at most {ctx['max_length']} entries"
    return None


def _number(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _value_error(kind: str, ctx: Mapping[str, Any], error: Mapping[str, Any]) -> str:
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    message = str(error.get("msg", "is not valid"))
    return message[:1].lower() + message[1:]
