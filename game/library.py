"""The scenario library: the scenarios instructors write in the browser, every version kept.

An instructor's scenario is a list of versions of its text. Saving changed text adds a
version; saving the same text again adds nothing. A draft may hold text with problems, so an
instructor in mid-edit never loses work, but only text without problems can be published.
The newest published version is what a new session of the scenario pins; a session already
running keeps the exact text it started with (see game/store.py).

Ids are shared by everybody: an instructor's scenario may not take the id of a bundled
scenario or of another instructor's. Until it is first published a scenario takes the id
its text names each time it is saved; once published its id stays, because sessions and
the dashboard name it. Each instructor sees only their own scenarios.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from sqlalchemy import Engine, Float, ForeignKey, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from game import scenario as scenarios
from game.accounts import InstructorRow
from game.scenario import Problem, Scenario, ScenarioError
from game.scenario.reader import MAX_BYTES
from game.scenario.schema import ID_PATTERN
from game.store import Base, SessionRow, scenario_version

RESERVED_IDS = frozenset({"new", "bundled", "copy"})
"""Words the authoring pages' addresses use (/scenarios/new, /scenarios/bundled/...)."""

_ID = re.compile(ID_PATTERN)
# The top-level `id:` and `title:` lines, found without parsing: text with problems has them too.
_ID_LINE = re.compile(r"^id:[ \t]*(['\"]?)([^'\"#\s]*)\1[ \t]*(?:#.*)?$", re.M)
_TITLE_LINE = re.compile(r"^title:[ \t]*(.*?)[ \t]*$", re.M)


class LibraryScenarioRow(Base):
    __tablename__ = "library_scenarios"

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[str] = mapped_column(String(64), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("instructors.id"), index=True)
    created_at: Mapped[float] = mapped_column(Float)


class ScenarioVersionRow(Base):
    __tablename__ = "scenario_versions"
    __table_args__ = (UniqueConstraint("library_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("library_scenarios.id"))
    number: Mapped[int] = mapped_column(Integer)
    """1, 2, 3... per scenario: two saves racing for the same number cannot both win."""
    version: Mapped[str] = mapped_column(String(64))
    """sha256 of the text, as a session pins it."""
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    saved_by: Mapped[int] = mapped_column(ForeignKey("instructors.id"))
    created_at: Mapped[float] = mapped_column(Float)
    published_at: Mapped[float | None] = mapped_column(Float, default=None)


# --- what the library answers with -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SessionUse:
    """A session that pinned a version's text."""

    id: str
    title: str
    created_at: float
    status: str


@dataclass(frozen=True, slots=True)
class Version:
    number: int
    version: str
    """sha256 of the text."""
    title: str
    saved_by: str
    """The username of the instructor who saved it."""
    created_at: float
    published_at: float | None
    sessions: tuple[SessionUse, ...] = ()


@dataclass(frozen=True, slots=True)
class Entry:
    """One of an instructor's scenarios: its id, its newest version and its published one."""

    id: str
    owner_id: int
    latest: Version
    published: Version | None
    ever_published: bool

    @property
    def title(self) -> str:
        return self.latest.title

    @property
    def unpublished_changes(self) -> bool:
        return self.published is None or self.published.number != self.latest.number


@dataclass(frozen=True, slots=True)
class Check:
    """What the checks say about a text: the CLI's problems and warnings, plus id clashes."""

    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    scenario: Scenario | None = field(default=None, repr=False)
    """The loaded scenario, when the scenario format finds no problem (an id clash may
    remain: that is the library's own problem, and the preview can still show it)."""
    text_id: str | None = None
    """The id the text names, read even from text with problems."""

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class Saved:
    entry: Entry
    created: bool
    """False when the text was the same as the newest version's: nothing was stored."""
    check: Check
    renamed_from: str | None = None


class LibraryError(Exception):
    """Something an instructor asked of the library that cannot be done, in plain words."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems


class NotInLibrary(LibraryError, LookupError):
    """No scenario of this instructor has that id (another's is not theirs to see)."""

    def __init__(self, scenario_id: str) -> None:
        super().__init__(f"You have no scenario called '{scenario_id}'.")


# --- the library -------------------------------------------------------------------------


class Library:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._loaded: OrderedDict[tuple[str, str], Scenario] = OrderedDict()
        self._loaded_lock = threading.Lock()

    # reading

    def entries(self, owner_id: int) -> list[Entry]:
        """The instructor's scenarios, most recently saved first."""
        with Session(self.engine) as db:
            rows = db.scalars(select(LibraryScenarioRow).where(LibraryScenarioRow.owner_id == owner_id)).all()
            found = [self._entry(db, row) for row in rows]
        return sorted(found, key=lambda e: (-e.latest.created_at, e.id))

    def entry(self, owner_id: int, scenario_id: str) -> Entry:
        with Session(self.engine) as db:
            return self._entry(db, self._owned(db, owner_id, scenario_id))

    def text(self, owner_id: int, scenario_id: str, number: int | None = None) -> str:
        """The text of one version (the newest by default)."""
        with Session(self.engine) as db:
            row = self._owned(db, owner_id, scenario_id)
            query = select(ScenarioVersionRow.text).where(ScenarioVersionRow.library_id == row.id)
            if number is None:
                query = query.order_by(ScenarioVersionRow.number.desc()).limit(1)
            else:
                query = query.where(ScenarioVersionRow.number == number)
            text = db.scalar(query)
        if text is None:
            raise NotInLibrary(scenario_id)
        return text

    def versions(self, owner_id: int, scenario_id: str) -> list[Version]:
        """Every version, newest first, each with the instructor's sessions that pinned it."""
        with Session(self.engine) as db:
            row = self._owned(db, owner_id, scenario_id)
            versions = self._versions(db, row.id)
            shas = {v.version for v in versions}
            sessions = db.scalars(select(SessionRow).where(SessionRow.owner_id == owner_id,
                                                           SessionRow.scenario_version.in_(shas))).all()
        uses: dict[int, list[SessionUse]] = {}
        for session in sorted(sessions, key=lambda s: s.created_at):
            number = _pinned_by(versions, session)
            uses.setdefault(number, []).append(SessionUse(session.id, session.title, session.created_at, session.status))
        return [_with_sessions(v, tuple(uses.get(v.number, ()))) for v in versions]

    def published(self, owner_id: int) -> list[tuple[Entry, Scenario]]:
        """The instructor's published scenarios, loaded, for the new-session picker. A
        published text that no longer passes the checks (after an upgrade) is left out."""
        found = []
        for entry in self.entries(owner_id):
            if entry.published is None:
                continue
            try:
                found.append((entry, self.published_scenario(owner_id, entry.id)))
            except ScenarioError:
                continue
        return sorted(found, key=lambda pair: pair[1].spec.title.casefold())

    def published_scenario(self, owner_id: int, scenario_id: str) -> Scenario:
        """The newest published version, as a new session pins it."""
        with Session(self.engine) as db:
            row = self._owned(db, owner_id, scenario_id)
            text = db.scalar(select(ScenarioVersionRow.text)
                             .where(ScenarioVersionRow.library_id == row.id, ScenarioVersionRow.published_at.is_not(None))
                             .order_by(ScenarioVersionRow.published_at.desc(), ScenarioVersionRow.number.desc()).limit(1))
        if text is None:
            raise LibraryError(f"'{scenario_id}' has not been published yet.")
        return self._load(text, _filename(scenario_id))

    # checking

    def check(self, owner_id: int, scenario_id: str, text: str) -> Check:
        """The problems and warnings of `text` as the next version of this scenario."""
        with Session(self.engine) as db:
            return self._check(db, self._owned(db, owner_id, scenario_id), _normalise(text))

    # writing

    def create(self, owner_id: int, text: str, *, fallback_id: str = "my-scenario", rewrite_id: bool = False) -> Entry:
        """A new scenario from a blank skeleton or an upload: it takes the id its text names
        when that id is free, else a free id near it. An upload's text is kept as it was (the
        checks then point at the clash); `rewrite_id` puts the free id in the text instead."""
        text = _normalise(text)
        _check_size(text)
        wanted = _usable_id(_text_id(text)[0]) or _usable_id(_slug(fallback_id)) or "my-scenario"
        return self._insert(owner_id, wanted, text, rewrite_id=rewrite_id)

    def copy(self, owner_id: int, text: str, source_id: str) -> Entry:
        """A copy of a scenario (bundled, or one's own) under a fresh id, '<id>-copy'."""
        return self._insert(owner_id, f"{source_id[:59]}-copy", _normalise(text), rewrite_id=True)

    def save(self, owner_id: int, scenario_id: str, text: str) -> Saved:
        """Store `text` as the newest version, unless it is that already."""
        text = _normalise(text)
        _check_size(text)
        for _ in range(5):
            try:
                with Session(self.engine) as db, db.begin():
                    return self._save(db, self._owned(db, owner_id, scenario_id), owner_id, text)
            except IntegrityError:
                continue  # another save took the number or the id first: look again
        raise LibraryError("The scenario is being saved from elsewhere at the same moment; try again.")

    def publish(self, owner_id: int, scenario_id: str, text: str | None = None) -> Saved:
        """Save `text` (if given), then make the newest version the one new sessions use."""
        if text is not None:
            scenario_id = self.save(owner_id, scenario_id, text).entry.id
        with Session(self.engine) as db, db.begin():
            row = self._owned(db, owner_id, scenario_id)
            latest = self._latest_row(db, row.id)
            check = self._check(db, row, latest.text)
            if not check.ok:
                count = len(check.problems)
                raise LibraryError(f"Version {latest.number} has {count} problem{'s' if count != 1 else ''}; fix "
                                   f"{'them' if count != 1 else 'it'} before publishing.", check.problems)
            created = latest.published_at is None
            if created:
                latest.published_at = time.time()
            db.flush()
            return Saved(self._entry(db, row), created, check)

    def publish_text(self, owner_id: int, text: str) -> Saved:
        """Publish `text` as the scenario its `id:` names: a new version of the instructor's
        scenario of that id, or a new scenario (for `plenary scenario publish`)."""
        text = _normalise(text)
        wanted = _usable_id(_text_id(text)[0])
        if wanted is None:
            raise LibraryError("The text names no usable id on its 'id:' line.")
        with Session(self.engine) as db:
            owner = db.scalar(select(LibraryScenarioRow.owner_id).where(LibraryScenarioRow.scenario_id == wanted))
            clash = self._clash(db, None, wanted) if owner != owner_id else None
        if clash:
            raise LibraryError(f"{clash[:1].upper()}{clash[1:]}.")
        if owner is None:
            self.create(owner_id, text)
        return self.publish(owner_id, wanted, text)

    def instructor_id(self, username: str) -> int | None:
        with Session(self.engine) as db:
            return db.scalar(select(InstructorRow.id).where(InstructorRow.username == username.strip()))

    # --- inside ----------------------------------------------------------------------------

    def _owned(self, db: Session, owner_id: int, scenario_id: str) -> LibraryScenarioRow:
        row = db.scalar(select(LibraryScenarioRow).where(LibraryScenarioRow.scenario_id == scenario_id))
        if row is None or row.owner_id != owner_id:
            raise NotInLibrary(scenario_id)
        return row

    def _versions(self, db: Session, library_id: int) -> list[Version]:
        query = (select(ScenarioVersionRow.number, ScenarioVersionRow.version, ScenarioVersionRow.title,
                        InstructorRow.username, ScenarioVersionRow.created_at, ScenarioVersionRow.published_at)
                 .join(InstructorRow, InstructorRow.id == ScenarioVersionRow.saved_by)
                 .where(ScenarioVersionRow.library_id == library_id)
                 .order_by(ScenarioVersionRow.number.desc()))
        return [Version(*row) for row in db.execute(query)]

    def _latest_row(self, db: Session, library_id: int) -> ScenarioVersionRow:
        return db.scalars(select(ScenarioVersionRow).where(ScenarioVersionRow.library_id == library_id)
                          .order_by(ScenarioVersionRow.number.desc()).limit(1)).one()

    def _entry(self, db: Session, row: LibraryScenarioRow) -> Entry:
        versions = self._versions(db, row.id)
        published = [v for v in versions if v.published_at is not None]
        current = max(published, key=lambda v: (v.published_at, v.number)) if published else None
        return Entry(row.scenario_id, row.owner_id, versions[0], current, bool(published))

    def _insert(self, owner_id: int, wanted: str, text: str, *, rewrite_id: bool = False) -> Entry:
        _check_size(text)
        for _ in range(5):
            try:
                with Session(self.engine) as db, db.begin():
                    scenario_id = self._free_id(db, wanted)
                    body = _with_id(text, scenario_id) if rewrite_id else text
                    row = LibraryScenarioRow(scenario_id=scenario_id, owner_id=owner_id, created_at=time.time())
                    db.add(row)
                    db.flush()
                    self._add_version(db, row, owner_id, body, 1, _title(None, body, scenario_id))
                    db.flush()
                    return self._entry(db, row)
            except IntegrityError:
                continue
        raise LibraryError("Could not find a free id for the scenario; try again.")

    def _save(self, db: Session, row: LibraryScenarioRow, owner_id: int, text: str) -> Saved:
        latest = self._latest_row(db, row.id)
        check = self._check(db, row, text)
        if latest.text == text:
            return Saved(self._entry(db, row), False, check)
        renamed_from = None
        if self._may_rename(db, row, check):
            renamed_from, row.scenario_id = row.scenario_id, check.text_id
            db.flush()
        self._add_version(db, row, owner_id, text, latest.number + 1, _title(check.scenario, text, latest.title))
        db.flush()
        return Saved(self._entry(db, row), True, check, renamed_from)

    def _add_version(self, db: Session, row: LibraryScenarioRow, owner_id: int, text: str, number: int, title: str) -> None:
        db.add(ScenarioVersionRow(library_id=row.id, number=number, version=scenario_version(text), text=text,
                                  title=title[:200], saved_by=owner_id, created_at=time.time()))

    def _may_rename(self, db: Session, row: LibraryScenarioRow, check: Check) -> bool:
        wanted = _usable_id(check.text_id)
        return (wanted is not None and wanted != row.scenario_id
                and not any(p.field_path == "id" for p in check.problems)
                and self._clash(db, row, wanted) is None)

    def _check(self, db: Session, row: LibraryScenarioRow, text: str) -> Check:
        filename = _filename(row.scenario_id)
        try:
            loaded = self._load(text, filename)
        except ScenarioError as error:
            loaded, problems, warnings = None, list(error.problems), ()
        else:
            problems, warnings = [], loaded.warnings
        text_id, line = _text_id(text)
        if loaded is not None:
            text_id = loaded.id
        clash = self._clash(db, row, text_id) if text_id else None
        if clash:
            problems.append(Problem(filename, line, "id", clash))
        return Check(tuple(sorted(problems, key=lambda p: p.line)), tuple(warnings), loaded, text_id)

    def _clash(self, db: Session, row: LibraryScenarioRow | None, wanted: str) -> str | None:
        """Why this scenario may not be called `wanted`, or None when it may."""
        if row is not None and wanted == row.scenario_id:
            return None
        if row is not None and self._ever_published(db, row.id):
            return (f"this scenario has been published as '{row.scenario_id}', so its id stays "
                    f"'{row.scenario_id}'; to start another under a new id, copy it")
        if _usable_id(wanted) is None:
            return None  # the scenario format's own check says what is wrong with it
        if wanted in RESERVED_IDS:
            return f"'{wanted}' is a word Plenary's addresses use; choose another id"
        if wanted in bundled_ids():
            return f"'{wanted}' is the id of a bundled scenario; choose another id, such as '{wanted}-copy'"
        other = db.scalar(select(LibraryScenarioRow.owner_id).where(LibraryScenarioRow.scenario_id == wanted))
        if other is None:
            return None
        if row is not None and other == row.owner_id:
            return f"you already have a scenario called '{wanted}'; choose another id"
        return f"'{wanted}' is taken by another instructor's scenario; choose another id"

    def _ever_published(self, db: Session, library_id: int) -> bool:
        query = select(ScenarioVersionRow.id).where(ScenarioVersionRow.library_id == library_id,
                                                    ScenarioVersionRow.published_at.is_not(None)).limit(1)
        return db.scalar(query) is not None

    def _free_id(self, db: Session, wanted: str) -> str:
        base = wanted[:60]
        for n in range(1, 1000):
            candidate = base if n == 1 else f"{base}-{n}"
            if self._clash(db, None, candidate) is None:
                return candidate
        raise LibraryError(f"No free id near '{wanted}'; choose another.")

    def _load(self, text: str, filename: str) -> Scenario:
        """Load (and remember a few): the editor checks the same text over and over."""
        key = (scenario_version(text), filename)
        with self._loaded_lock:
            if key in self._loaded:
                self._loaded.move_to_end(key)
                return self._loaded[key]
        loaded = scenarios.load_text(text, filename)
        with self._loaded_lock:
            self._loaded[key] = loaded
            while len(self._loaded) > 32:
                self._loaded.popitem(last=False)
        return loaded


# --- text helpers ------------------------------------------------------------------------


def bundled_scenario(scenario_id: str) -> Scenario:
    """The bundled scenario with this id, reading only its own file."""
    for path in sorted(scenarios.SCENARIOS_DIR.glob("*.yaml")):
        if _text_id(path.read_text(encoding="utf-8", errors="replace"))[0] == scenario_id:
            return scenarios.load_file(path)
    raise scenarios.ScenarioNotFound(f"no bundled scenario is called '{scenario_id}'")


def bundled_ids() -> set[str]:
    """The ids of the bundled scenarios, read from their `id:` lines (no parsing needed)."""
    return {_text_id(path.read_text(encoding="utf-8", errors="replace"))[0] or path.stem
            for path in scenarios.SCENARIOS_DIR.glob("*.yaml")}


def _normalise(text: str) -> str:
    """Browsers send a textarea's lines ending in CR LF; the library keeps LF only."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_size(text: str) -> None:
    """Refuse what cannot be kept: more than a scenario's 1 MB, or a NUL character (which
    PostgreSQL cannot store in text, and YAML does not allow)."""
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise LibraryError(f"The text is {size / 1_000_000:.1f} MB; a scenario file may be at most 1 MB.")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise LibraryError(f"Line {line} holds a NUL character (#x0000), which YAML does not allow; delete it.")


def _filename(scenario_id: str) -> str:
    return f"{scenario_id}.yaml"


def _text_id(text: str) -> tuple[str | None, int]:
    """The id the text's top-level `id:` line names, and that line's number (1 if none)."""
    found = _ID_LINE.search(text)
    if found is None or not found.group(2):
        return None, 1
    return found.group(2), text.count("\n", 0, found.start()) + 1


def _usable_id(candidate: str | None) -> str | None:
    return candidate if candidate and len(candidate) <= 64 and _ID.match(candidate) else None


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-._")[:64]


def _with_id(text: str, scenario_id: str) -> str:
    """The text with its top-level `id:` line naming `scenario_id`."""
    replaced, count = _ID_LINE.subn(f"id: {scenario_id}", text, count=1)
    return replaced if count else f"id: {scenario_id}\n{text}"


def _title(loaded: Scenario | None, text: str, fallback: str) -> str:
    if loaded is not None:
        return loaded.spec.title
    found = _TITLE_LINE.search(text)
    title = found.group(1).strip("'\"").strip() if found else ""
    return title if title and title not in (">", "|", ">-", "|-") else fallback


def _pinned_by(versions: list[Version], session: SessionRow) -> int:
    """The version a session pinned: the one with its text that was published last before
    the session began (the same text may come back in a later version)."""
    same = [v for v in versions if v.version == session.scenario_version]
    before = [v for v in same if v.published_at is not None and v.published_at <= session.created_at]
    chosen = max(before, key=lambda v: v.published_at) if before else same[0]
    return chosen.number


def _with_sessions(version: Version, sessions: tuple[SessionUse, ...]) -> Version:
    return Version(version.number, version.version, version.title, version.saved_by, version.created_at,
                   version.published_at, sessions)
