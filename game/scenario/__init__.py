"""Scenarios: the YAML files instructors write, read safely and checked in plain words.

    load_file(path) / load_text(text, filename)  -> Scenario    (or ScenarioError)
    bundled() -> [Scenario]; find(scenario_id) -> Scenario       the files under scenarios/
    json_schema() -> dict                                        for editor autocompletion

Reading goes in three steps, each stopping at the first step with problems: the YAML itself
(size, aliases, tags, nesting, duplicate keys: `reader`), the shape of every block
(`schema`), then the cross-references between blocks (`checks`). Every problem names the
file, the line and the field. A `Scenario` keeps the exact text and its sha256, because a
session pins the scenario version it started with.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from game.rules.model import ConferenceSpec

from . import checks, reader
from .convert import to_spec
from .problems import Loc, Problem, ScenarioError, field_path, line_of, spurious, translate
from .schema import PATTERN_MESSAGES, ScenarioModel, fields_at, sub_blocks_at

__all__ = [
    "Problem",
    "Scenario",
    "ScenarioError",
    "ScenarioNotFound",
    "bundled",
    "find",
    "json_schema",
    "load_file",
    "load_text",
]

SCENARIOS_DIR = Path(__file__).resolve().parents[2] / "scenarios"
"""The bundled scenarios, at the top of the repository."""

SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True, slots=True)
class Scenario:
    """One scenario file, read, checked and converted."""

    id: str
    version: str
    """sha256 (hex) of the exact text: what a session pins."""
    text: str = field(repr=False)
    """The file's exact text, so a replay years later reads the same conference."""
    spec: ConferenceSpec = field(repr=False)
    path: Path | None = None
    description: str = ""
    """For the scenario picker; the rules core has no use for it."""
    sources: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = ()
    """Legal but probably unmeant (see `checks.advice`); `plenary scenario validate` shows them."""


class ScenarioNotFound(LookupError):
    """No bundled scenario has the id asked for."""


def load_file(path: str | Path) -> Scenario:
    """Read, check and convert a scenario file; refuses files over 1 MB before reading them."""
    path = Path(path)
    name = str(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(reader.MAX_BYTES + 1)
            if len(data) > reader.MAX_BYTES:
                reader.check_size(path.stat().st_size, name)
    except OSError as error:
        raise ScenarioError([Problem(name, 1, "(file)", f"cannot read the file: {error.strerror or error}")]) from None
    return _load(_decode(data, name), name, path)


def load_text(text: str, filename: str = "<text>") -> Scenario:
    """Check and convert a scenario given as text (an upload, a test); `filename` names it
    in problems."""
    return _load(text, filename, None)


_read: dict[Path, tuple[tuple[int, int], Scenario]] = {}


def bundled() -> list[Scenario]:
    """Every scenario shipped under scenarios/, in file-name order. Each file is read again
    only when it changes (WCIT-12's 193 delegations take a noticeable moment to check)."""
    out = []
    for path in sorted(SCENARIOS_DIR.glob("*.yaml")):
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size)
        cached = _read.get(path)
        if cached is None or cached[0] != key:
            cached = (key, load_file(path))
            _read[path] = cached
        out.append(cached[1])
    return out


def find(scenario_id: str) -> Scenario:
    """The bundled scenario with this id."""
    scenarios = bundled()
    for scenario in scenarios:
        if scenario.id == scenario_id:
            return scenario
    ids = [s.id for s in scenarios]
    raise ScenarioNotFound(f"no bundled scenario is called '{scenario_id}'; there are: {', '.join(ids) or 'none'}")


def json_schema() -> dict[str, Any]:
    """The scenario format as JSON Schema, for editors (yaml-language-server) and tools."""
    schema = ScenarioModel.model_json_schema()
    return {"$schema": SCHEMA_URL, **schema, "title": "Plenary scenario"}


# --- the three steps ---------------------------------------------------------------------


def _decode(data: bytes, filename: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ScenarioError([Problem(filename, line, "(file)", "the file is not UTF-8 text; save it as UTF-8")]) from None


def _load(text: str, filename: str, path: Path | None) -> Scenario:
    data, lines = reader.read(text, filename)
    if not isinstance(data, dict):
        raise ScenarioError([Problem(filename, 1, "(file)", "a scenario file holds fields (id, title, delegations...), one 'name: value' per line")])
    model = _validate(data, filename, lines)
    found = checks.problems(model)
    if found:
        raise ScenarioError(_located(found, filename, lines))
    return Scenario(
        id=model.id,
        version=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        text=text,
        spec=to_spec(model),
        path=path,
        description=model.description,
        sources=model.sources,
        warnings=tuple(_located(checks.advice(model), filename, lines)),
    )


def _validate(data: dict, filename: str, lines: dict[Loc, int]) -> ScenarioModel:
    try:
        return ScenarioModel.model_validate(data)
    except ValidationError as error:
        found = [_plain(e) for e in error.errors(include_url=False) if not spurious(e)]
        raise ScenarioError(_located(found, filename, lines)) from None


def _plain(error: Any) -> tuple[Loc, str]:
    parent = tuple(p for p in error["loc"] if p != "[key]")[:-1]
    return translate(error, fields_at(parent), sub_blocks_at(parent), PATTERN_MESSAGES)


def _located(found: list[tuple[Loc, str]], filename: str, lines: dict[Loc, int]) -> list[Problem]:
    problems = [Problem(filename, line_of(lines, loc), field_path(loc), message) for loc, message in found]
    return sorted(problems, key=lambda p: p.line)
