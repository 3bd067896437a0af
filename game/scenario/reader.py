"""Reading a scenario's YAML safely, remembering the line of every field.

Scenario files come from instructors and get uploaded to a shared server, so the reader
treats them as hostile:

- a file over 1 MB is refused before it is parsed;
- aliases and anchors are refused outright, which rules out "billion laughs" expansion;
- only plain values are built: any tag beyond ``!!str``, ``!!map`` and ``!!seq`` (such as
  ``!!python/object``) is refused, as is nesting deeper than 20 levels;
- a key given twice in one block is an error, not a silent "last one wins".

Scalars follow YAML 1.2's core schema, not PyYAML's YAML 1.1 default: ``no``, ``yes``,
``on`` and ``off`` stay text (a delegation's stance on an item is often literally ``no``),
``040`` stays the text "040" (an M49 code, not the octal number 32), and dates stay text.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .problems import Loc, Problem, ScenarioError, field_path

MAX_BYTES = 1_000_000
MAX_DEPTH = 20

_ALLOWED_TAGS = {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark, loc: Loc, message: str) -> None:
        super().__init__(message)
        self.line, self.loc, self.message = mark.line + 1, loc, message


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core scalars and refusals of aliases, tags and deep nesting."""

    yaml_implicit_resolvers: dict = {}

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._trail: list[str | int | None] = []

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        self._trail.append(_step(parent, index))
        try:
            self._refuse(self.peek_event())
            return super().compose_node(parent, index)
        finally:
            self._trail.pop()

    def _refuse(self, event: yaml.Event) -> None:
        loc = tuple(p for p in self._trail if p is not None)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(event.start_mark, loc, "aliases and anchors are not allowed in scenario files")
        tag = getattr(event, "tag", None)
        if tag not in _ALLOWED_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(event.start_mark, loc, f"the tag '{shown}' is not allowed in scenario files; write plain values")
        if len(self._trail) > MAX_DEPTH:
            raise _Refused(event.start_mark, loc, f"nesting deeper than {MAX_DEPTH} levels is not allowed in scenario files")


def _step(parent: yaml.Node | None, index: Any) -> str | int | None:
    """The path element a child adds: a key's text, a list position, or nothing for a key."""
    if isinstance(index, yaml.ScalarNode):
        return index.value
    if isinstance(index, int) and isinstance(parent, yaml.SequenceNode):
        return index
    return "?" if index is not None else None


def _resolve(tag: str, pattern: str, first: str) -> None:
    _Loader.add_implicit_resolver(tag, re.compile(pattern, re.X), list(first))


_resolve("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN")
_Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^$"), [""])
_resolve("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF")
# At most 18 digits: Python refuses to convert very long digit strings, and no field needs them.
_resolve("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9]{0,17})$", "-+0123456789")
_resolve(
    "tag:yaml.org,2002:float",
    r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$|^[-+]?[0-9]+[eE][-+]?[0-9]+$",
    "-+0123456789.",
)


def check_size(size: int, filename: str) -> None:
    if size > MAX_BYTES:
        megabytes = f"{size / 1_000_000:.1f}"
        raise ScenarioError([Problem(filename, 1, "(file)", f"the file is {megabytes} MB; a scenario file may be at most 1 MB")])


def read(text: str, filename: str) -> tuple[Any, dict[Loc, int]]:
    """The document's plain data and the line of every key and list entry in it."""
    check_size(len(text.encode("utf-8")), filename)
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, max(error.position, 0)) + 1
        message = f"the file holds a control character (#x{error.character:04X}) that YAML does not allow"
        raise ScenarioError([Problem(filename, line, "(file)", message)]) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise ScenarioError([Problem(filename, 1, "(file)", "the file is empty")])
        lines: dict[Loc, int] = {}
        duplicates = list(_walk(node, (), lines))
        if duplicates:
            raise ScenarioError(Problem(filename, line, field_path(loc), message) for loc, line, message in duplicates)
        return loader.construct_document(node), lines
    except _Refused as refused:
        raise ScenarioError([Problem(filename, refused.line, field_path(refused.loc), refused.message)]) from None
    except yaml.MarkedYAMLError as error:
        raise ScenarioError([_syntax(error, filename)]) from None
    except yaml.YAMLError as error:
        raise ScenarioError([Problem(filename, 1, "(file)", f"this is not valid YAML: {error}")]) from None
    finally:
        loader.dispose()


def _syntax(error: yaml.MarkedYAMLError, filename: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    what = "; ".join(str(part) for part in (error.context, error.problem) if part)
    return Problem(filename, mark.line + 1 if mark else 1, "(file)", f"this is not valid YAML: {what}")


def _walk(node: yaml.Node, loc: Loc, lines: dict[Loc, int]):
    """Record lines under `loc`; yield (loc, line, message) for each key given twice."""
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            yield from _walk(child, (*loc, i), lines)
    elif isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            line = key.start_mark.line + 1
            name = key.value if isinstance(key, yaml.ScalarNode) else "?"
            if name in seen:
                yield (*loc, name), line, f"'{name}' is given twice in this block (first on line {seen[name]}); give it once"
                continue
            seen[name] = line
            lines[(*loc, name)] = line
            yield from _walk(value, (*loc, name), lines)
