"""The scenario library, on SQLite and PostgreSQL: versions of an instructor's scenario, drafts
with problems, publishing, the sessions that pinned each version, and ids nobody may share."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from game import scenario as scenarios
from game.accounts import Accounts
from game.library import Library, LibraryError, NotInLibrary
from game.store import EventStore, make_engine, migrate

HARBOUR = """\
# A small conference for the library's tests.
id: harbour-talks
title: Harbour Talks
rules:
  majority:
    name: Simple majority
blocs:
  - id: north
    name: Northern Group
    lead: NOR
delegations:
  - id: NOR
    name: Norway
    bloc: north
    m49: "578"
    policy: {default: "yes", signs: sign}
  - id: KEN
    name: Kenya
    m49: "404"
    policy: {default: abstain, signs: sign}
agenda:
  - id: art1
    title: Article 1
    rule: majority
    text: Ships [shall | may] enter the harbour.
phases:
  - id: plenary
    name: Plenary
"""
MISSPELT = HARBOUR.replace("    bloc: north\n", "    bloc: nroth\n")
MISSPELT_LINE = MISSPELT.splitlines().index("    bloc: nroth") + 1
LEAD_LINE = MISSPELT.splitlines().index("    lead: NOR") + 1


@pytest.fixture
def engine(database_url):
    migrate(database_url)
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def library(engine) -> Library:
    return Library(engine)


@pytest.fixture
def teachers(engine) -> tuple[int, int]:
    accounts = Accounts(engine)
    return accounts.create_instructor("ada", "correct horse").id, accounts.create_instructor("grace", "battery staple").id


def test_the_migration_creates_the_library_tables(engine):
    schema = inspect(engine)
    assert {"library_scenarios", "scenario_versions"} <= set(schema.get_table_names())
    assert {c["name"] for c in schema.get_columns("scenario_versions")} >= {"number", "version", "text", "published_at"}


def test_saving_changed_text_adds_a_version_and_the_same_text_adds_nothing(library, teachers):
    ada, _ = teachers
    entry = library.create(ada, HARBOUR)
    assert (entry.id, entry.title, entry.latest.number, entry.published) == ("harbour-talks", "Harbour Talks", 1, None)
    again = library.save(ada, "harbour-talks", HARBOUR)
    assert not again.created and again.entry.latest.number == 1
    changed = library.save(ada, "harbour-talks", HARBOUR.replace("Harbour Talks", "Harbour Talks, second day"))
    assert changed.created and changed.entry.latest.number == 2
    assert changed.entry.title == "Harbour Talks, second day"
    assert [v.number for v in library.versions(ada, "harbour-talks")] == [2, 1]
    assert [v.saved_by for v in library.versions(ada, "harbour-talks")] == ["ada", "ada"]
    assert library.text(ada, "harbour-talks", 1) == HARBOUR


def test_line_endings_from_a_browser_are_stored_as_plain_newlines(library, teachers):
    ada, _ = teachers
    library.create(ada, HARBOUR)
    saved = library.save(ada, "harbour-talks", HARBOUR.replace("\n", "\r\n"))
    assert not saved.created, "the same text with CR LF line ends is the same text"


def test_a_draft_may_hold_problems_but_only_clean_text_is_published(library, teachers):
    ada, _ = teachers
    library.create(ada, HARBOUR)
    draft = library.save(ada, "harbour-talks", MISSPELT)
    assert draft.created, "an instructor in mid-edit keeps their work"
    assert [(p.line, p.field_path) for p in draft.check.problems] == [(LEAD_LINE, "blocs[0].lead"), (MISSPELT_LINE, "delegations[0].bloc")]
    with pytest.raises(LibraryError) as refused:
        library.publish(ada, "harbour-talks")
    assert refused.value.message == "Version 2 has 2 problems; fix them before publishing."
    assert str(refused.value.problems[1]) == (
        f"harbour-talks.yaml:{MISSPELT_LINE}: delegations[0].bloc: 'nroth' is not a bloc defined in this scenario (did you mean 'north'?)")
    assert library.entry(ada, "harbour-talks").published is None
    published = library.publish(ada, "harbour-talks", HARBOUR)
    assert published.created and published.entry.published.number == 3


def test_check_gives_the_same_problems_as_the_command_line(library, teachers):
    ada, _ = teachers
    library.create(ada, HARBOUR)
    check = library.check(ada, "harbour-talks", MISSPELT)
    with pytest.raises(scenarios.ScenarioError) as cli:
        scenarios.load_text(MISSPELT, "harbour-talks.yaml")
    assert [str(p) for p in check.problems] == [str(p) for p in cli.value.problems]
    assert not check.ok and check.text_id == "harbour-talks"


def test_the_newest_published_version_is_what_new_sessions_pin_and_old_sessions_keep_theirs(library, teachers, engine):
    ada, _ = teachers
    events = EventStore(engine)
    library.create(ada, HARBOUR)
    first = library.published_scenario(ada, library.publish(ada, "harbour-talks").entry.id)
    events.create_session("s1", scenario_id=first.id, scenario_text=first.text, title="Monday", created_at=first_time(library, ada) + 1, owner_id=ada)
    second_text = HARBOUR.replace("[shall | may]", "[shall | may | must]")
    library.publish(ada, "harbour-talks", second_text)
    second = library.published_scenario(ada, "harbour-talks")
    assert second.text == second_text
    assert events.get_session("s1").scenario_text == HARBOUR, "a running session keeps the text it started with"
    versions = {v.number: v for v in library.versions(ada, "harbour-talks")}
    assert [s.id for s in versions[1].sessions] == ["s1"] and versions[2].sessions == ()
    assert [entry.id for entry, _ in library.published(ada)] == ["harbour-talks"]


def first_time(library: Library, owner: int) -> float:
    return library.versions(owner, "harbour-talks")[-1].published_at


def test_nobody_else_sees_or_edits_an_instructors_scenario(library, teachers):
    ada, grace = teachers
    library.create(ada, HARBOUR)
    for attempt in (lambda: library.entry(grace, "harbour-talks"), lambda: library.save(grace, "harbour-talks", HARBOUR),
                    lambda: library.publish(grace, "harbour-talks"), lambda: library.versions(grace, "harbour-talks")):
        with pytest.raises(NotInLibrary):
            attempt()
    assert library.entries(grace) == []


def test_a_copy_of_a_bundled_scenario_gets_a_fresh_id_and_is_renamed_by_its_text_until_published(library, teachers):
    ada, _ = teachers
    starter = scenarios.find("classroom-starter")
    copy = library.copy(ada, starter.text, starter.id)
    assert copy.id == "classroom-starter-copy"
    assert library.check(ada, copy.id, library.text(ada, copy.id)).ok
    assert library.copy(ada, starter.text, starter.id).id == "classroom-starter-copy-2"
    renamed = library.save(ada, copy.id, library.text(ada, copy.id).replace("id: classroom-starter-copy", "id: tuesday-starter"))
    assert (renamed.entry.id, renamed.renamed_from) == ("tuesday-starter", "classroom-starter-copy")
    library.publish(ada, "tuesday-starter")
    text = library.text(ada, "tuesday-starter").replace("id: tuesday-starter", "id: wednesday-starter")
    kept = library.save(ada, "tuesday-starter", text)
    assert kept.entry.id == "tuesday-starter" and kept.renamed_from is None
    assert [p.message for p in kept.check.problems] == [
        "this scenario has been published as 'tuesday-starter', so its id stays 'tuesday-starter'; to start another under a new id, copy it"]


def test_a_scenario_may_not_take_a_bundled_id_or_another_instructors(library, teachers):
    ada, grace = teachers
    library.create(ada, HARBOUR)
    mine = library.create(grace, HARBOUR)
    assert mine.id == "harbour-talks-2", "an upload whose id is taken is stored under a free one"
    problems = library.check(grace, mine.id, HARBOUR).problems
    assert [str(p) for p in problems] == ["harbour-talks-2.yaml:2: id: 'harbour-talks' is taken by another instructor's scenario; choose another id"]
    bundled = HARBOUR.replace("id: harbour-talks", "id: classroom-starter")
    saved = library.save(grace, mine.id, bundled)
    assert saved.entry.id == "harbour-talks-2", "a clashing id is not taken"
    assert [p.message for p in saved.check.problems] == [
        "'classroom-starter' is the id of a bundled scenario; choose another id, such as 'classroom-starter-copy'"]
    with pytest.raises(LibraryError):
        library.publish(grace, mine.id)
    library.create(ada, HARBOUR.replace("id: harbour-talks", "id: harbour-2"))
    own = library.check(ada, "harbour-2", HARBOUR)
    assert [p.message for p in own.problems] == ["you already have a scenario called 'harbour-talks'; choose another id"]


def test_text_over_one_megabyte_is_refused(library, teachers):
    ada, _ = teachers
    big = HARBOUR + "# " + "x" * 1_100_000 + "\n"
    with pytest.raises(LibraryError, match=r"^The text is 1\.1 MB; a scenario file may be at most 1 MB\.$"):
        library.create(ada, big)
    library.create(ada, HARBOUR)
    with pytest.raises(LibraryError, match="at most 1 MB"):
        library.save(ada, "harbour-talks", big)


def test_a_nul_character_is_refused_rather_than_stored(library, teachers):
    ada, _ = teachers
    library.create(ada, HARBOUR)
    with pytest.raises(LibraryError, match=r"^Line 3 holds a NUL character \(#x0000\), which YAML does not allow; delete it\.$"):
        library.save(ada, "harbour-talks", HARBOUR.replace("title: Harbour Talks", "title: Harbour\x00Talks"))
    assert [v.number for v in library.versions(ada, "harbour-talks")] == [1]
