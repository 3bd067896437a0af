"""`plenary session export --format ...` and `plenary session reveal`: the debrief's exports
from the command line, under the same rule as the replay page (the back-channel only once
revealed)."""

from __future__ import annotations

import json

import pytest

from game import scenario as scenarios
from game import store
from game.cli import main
from game.service import Service
from tests.debrief_session import PRIVATE, play
from tests.service.conftest import Clock


@pytest.fixture
def played(tmp_path):
    database = f"sqlite:///{tmp_path / 'cli.db'}"
    store.migrate(database)
    clock = Clock()
    session_id, _ = play(Service(store.EventStore(store.make_engine(database)), clock=clock), clock, scenarios.find("classroom-starter"))
    return database, session_id


def run(capsys, database, *argv):
    code = main(["--database", database, *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("fmt", "opening"), [("minutes-md", "# Minutes: Debrief practice"), ("minutes-html", "<!doctype html>"),
                                              ("rollcall-csv", "delegation,name,bloc,D2"), ("json", "{")])
def test_each_export_writes_its_file_without_the_back_channel(played, capsys, tmp_path, fmt, opening):
    database, session_id = played
    target = tmp_path / f"out.{fmt}"
    code, _, err = run(capsys, database, "session", "export", session_id, "--format", fmt, "-o", str(target))
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert text.lstrip().startswith(opening) and "SECRET" not in text


def test_reveal_on_puts_the_back_channel_in_the_exports_and_the_json_still_imports(played, capsys, tmp_path):
    database, session_id = played
    assert run(capsys, database, "session", "reveal", session_id, "on")[0] == 0
    target = tmp_path / "log.json"
    run(capsys, database, "session", "export", session_id, "--format", "json", "-o", str(target))
    assert PRIVATE in [r["event"].get("text") for r in json.loads(target.read_text())["events"]]
    assert PRIVATE in run(capsys, database, "session", "export", session_id, "--format", "minutes-md")[1]
    code, out, _ = run(capsys, database, "session", "import", str(target))
    assert code == 0 and out.strip() != session_id
    run(capsys, database, "session", "reveal", session_id, "off")
    assert "SECRET" not in run(capsys, database, "session", "export", session_id, "--format", "minutes-md")[1]


def test_reveal_names_an_unknown_session(played, capsys):
    database, _ = played
    code, _, err = run(capsys, database, "session", "reveal", "nope", "on")
    assert code == 1 and "There is no session 'nope'" in err
