"""The `plenary` command, run as a user runs it: arguments in, text and an exit code out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import main


@pytest.fixture
def plenary(tmp_path, capsys):
    database = f"sqlite:///{tmp_path / 'cli.db'}"

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--database", database, *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_scenario_list_names_the_bundled_starter(plenary):
    code, out, _ = plenary("scenario", "list")
    assert code == 0
    assert "classroom-starter" in out and "6 delegations" in out


def test_validate_passes_a_good_file_and_fails_a_broken_one_with_file_and_line(plenary, tmp_path):
    good = "scenarios/classroom-starter.yaml"
    broken = tmp_path / "broken.yaml"
    text = Path(good).read_text(encoding="utf-8").replace("    lead: RUS", "    lead: RUSS", 1)
    broken.write_text(text, encoding="utf-8")
    code, out, _ = plenary("scenario", "validate", good)
    assert code == 0 and "ok" in out
    code, _, err = plenary("scenario", "validate", str(broken))
    line = text.splitlines().index("    lead: RUSS") + 1
    assert code == 1
    assert err.startswith(f"{broken}:{line}: blocs[1].lead: ")
    assert "'RUSS'" in err


def test_schema_prints_a_json_schema_that_forbids_unknown_fields(plenary):
    code, out, _ = plenary("scenario", "schema")
    schema = json.loads(out)
    assert code == 0
    assert schema["additionalProperties"] is False


def test_a_session_is_created_played_replayed_exported_and_imported(plenary, tmp_path):
    code, out, _ = plenary("session", "create", "--scenario", "classroom-starter")
    session_id = out.strip()
    assert code == 0 and session_id
    code, out, _ = plenary("session", "do", session_id, "--as", "chair", '{"type": "ChangePhase", "phase": "negotiation"}')
    assert code == 0 and "PhaseChanged" in out
    amendment = {"type": "ProposeAmendment", "item": "art5a", "bracket": "b1", "text": "in order to achieve effective use thereof"}
    code, out, _ = plenary("session", "do", session_id, "--as", "delegate:RUS", json.dumps(amendment))
    assert code == 0 and "AmendmentProposed" in out
    code, at_two, _ = plenary("session", "replay", session_id, "--at", "2")
    assert "phase: Negotiation" in at_two and "Pending amendments" not in at_two
    code, latest, _ = plenary("session", "replay", session_id)
    assert "A1 on art5a/b1 by RUS" in latest
    exported = tmp_path / "session.json"
    assert plenary("session", "export", session_id, "--format", "json", "-o", str(exported))[0] == 0
    code, out, _ = plenary("session", "import", str(exported))
    copy = out.strip()
    assert code == 0 and copy != session_id
    assert plenary("session", "replay", copy)[1] == latest
    assert copy in plenary("session", "list")[1]


def test_a_delegate_trying_a_chairs_command_gets_a_sentence_not_a_traceback(plenary):
    session_id = plenary("session", "create", "--scenario", "classroom-starter")[1].strip()
    code, _, err = plenary("session", "do", session_id, "--as", "delegate:USA", '{"type": "ChangePhase", "phase": "signing"}')
    assert code == 1
    assert err.strip() == "plenary: Only the chair may move the conference to another phase."


def test_an_unknown_scenario_or_actor_is_a_plain_error(plenary):
    code, _, err = plenary("session", "create", "--scenario", "no-such-scenario")
    assert code == 1 and "no-such-scenario" in err and "Traceback" not in err
    session_id = plenary("session", "create", "--scenario", "classroom-starter")[1].strip()
    code, _, err = plenary("session", "do", session_id, "--as", "president", '{"type": "EndSession"}')
    assert code == 1 and "'president' is not an actor" in err


def test_rehearse_prints_each_step_and_the_split_and_stores_a_finished_session(plenary, tmp_path):
    from tests.rules.test_course import COURSE

    path = tmp_path / "course.yaml"
    path.write_text(COURSE, encoding="utf-8")
    code, out, _ = plenary("scenario", "rehearse", str(path), "--seed", "3")
    assert code == 0
    assert " 6. decide access by consensus, then roll_call: Blocked: Alpha, Beta objected" in out
    assert "D2 amendment:A2: adopted [3-2-0]" in out
    assert out.rstrip().endswith("Final Acts: 3 signed, 2 did not sign (of 5 entitled to sign)")
    code, out, _ = plenary("session", "create", "--scenario", str(path), "--rehearse", "--seed", "3")
    session_id = out.strip()
    assert code == 0
    replayed = plenary("session", "replay", session_id)[1]
    assert "3 signed, 2 did not sign" in replayed
    assert session_id in plenary("session", "list")[1]


def test_rehearsing_a_scenario_without_a_course_is_a_plain_error(plenary, tmp_path):
    from tests.test_scenario import TINY

    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    code, _, err = plenary("scenario", "rehearse", str(path))
    assert code == 1
    assert err == "plenary: 'tiny' has no course to follow: add a `course:` section listing the chair's steps.\n"


def test_publish_puts_a_file_in_an_instructors_library_for_new_sessions(plenary, tmp_path):
    from tests.test_library import HARBOUR

    assert plenary("user", "create", "ada", "--password", "correct horse")[0] == 0
    path = tmp_path / "harbour.yaml"
    path.write_text(HARBOUR, encoding="utf-8")
    code, out, _ = plenary("scenario", "publish", str(path), "--owner", "ada")
    assert (code, out) == (0, "harbour-talks: version 1 is published; new sessions of it use this text.\n")
    path.write_text(HARBOUR.replace("Harbour Talks", "Harbour Talks II"), encoding="utf-8")
    assert plenary("scenario", "publish", str(path), "--owner", "ada")[1].startswith("harbour-talks: version 2 is published")
    assert plenary("user", "create", "grace", "--password", "battery staple")[0] == 0
    code, _, err = plenary("scenario", "publish", str(path), "--owner", "grace")
    assert (code, err) == (1, "plenary: 'harbour-talks' is taken by another instructor's scenario; choose another id.\n")
    path.write_text(HARBOUR.replace("    bloc: north\n", "    bloc: nroth\n"), encoding="utf-8")
    code, _, err = plenary("scenario", "publish", str(path), "--owner", "ada")
    assert code == 1 and f"{path}:" in err and "'nroth' is not a bloc defined in this scenario" in err
    path.write_text(HARBOUR, encoding="utf-8")
    assert plenary("scenario", "publish", str(path), "--owner", "nobody")[::2] == (1, "plenary: there is no instructor 'nobody'\n")
