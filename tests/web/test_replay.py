"""The replay's pages and answers (game/web/replay_pages.py): who may look, what each sees,
the exports, and the instructor's reveal. The back-channel rule (issue 5): a private message
appears in no answer or export until the instructor reveals it."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re

import pytest

from game import scenario as scenarios
from game.service import Service
from game.web import create_app
from tests.debrief_session import BLOC, PRIVATE, play
from tests.service.conftest import Clock


@pytest.fixture
def app(tmp_path):
    return create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'web.db'}", "ASYNC_MODE": "threading", "TESTING": True, "SECRET_KEY": "test"})


@pytest.fixture
def played(app):
    clock = Clock()
    service = Service(app.extensions["plenary"].store, clock=clock)
    session_id, _ = play(service, clock, scenarios.find("classroom-starter"))
    return session_id


def csrf(page) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def instructor(app, username="teacher"):
    client = app.test_client()
    if username == "teacher":
        client.post("/signup", data={"csrf_token": csrf(client.get("/signup")), "username": username, "password": "correct horse"})
    else:
        app.extensions["plenary.classroom"].accounts.create_instructor(username, "correct horse")
        client.post("/login", data={"csrf_token": csrf(client.get("/login")), "username": username, "password": "correct horse"})
    return client


def student(app, session_id, player="p1"):
    """Ada, who holds Kenya's seat (player p1 in the played session)."""
    client = app.test_client()
    token = app.extensions["plenary.classroom"].accounts.issue_seat(session_id, player, "Ada")
    client.set_cookie(f"plenary_seat_{session_id}", token)
    return client


ANSWERS = ("timeline", "report", "state?seq=3", "state?seq=64", "export/minutes.html", "export/minutes.md", "export/rollcall.csv")


def test_the_instructor_opens_the_replay_and_every_answer_and_export(app, played):
    client = instructor(app)
    page = client.get(f"/s/{played}/replay").get_data(as_text=True)
    assert "Debrief practice" in page and "Reveal the back-channel to the class" in page
    for path in ANSWERS + ("export/log.json",):
        response = client.get(f"/s/{played}/replay/{path}")
        assert response.status_code == 200, path
        assert "SECRET" not in response.get_data(as_text=True), path
    download = client.get(f"/s/{played}/replay/export/rollcall.csv")
    assert download.headers["Content-Disposition"] == 'attachment; filename="debrief-practice-rollcall.csv"'
    assert len(list(csv.reader(io.StringIO(download.get_data(as_text=True))))) == 7


def test_strangers_are_sent_to_sign_in_and_told_nothing(app, played):
    stranger = app.test_client()
    assert stranger.get(f"/s/{played}/replay").headers["Location"].startswith("/login")
    for path in ANSWERS:
        assert stranger.get(f"/s/{played}/replay/{path}").status_code == 404


def test_another_instructors_session_is_not_found(app):
    owner = instructor(app)
    created = owner.post("/sessions", data={"csrf_token": csrf(owner.get("/dashboard")), "scenario": "classroom-starter"})
    session_id = created.headers["Location"].split("/")[2]
    other = instructor(app, "colleague")
    assert other.get(f"/s/{session_id}/replay").status_code == 404
    assert other.get(f"/s/{session_id}/replay/timeline").status_code == 404
    assert owner.get(f"/s/{session_id}/replay/timeline").status_code == 200


def test_a_student_sees_the_public_record_and_their_own_delegation_but_not_the_raw_log(app, played):
    kenya = student(app, played)
    assert kenya.get(f"/s/{played}/replay").status_code == 200
    report = kenya.get(f"/s/{played}/replay/report").get_json()
    assert [o["delegation"] for o in report["objectives"]] == ["KEN"]
    timeline = kenya.get(f"/s/{played}/replay/timeline").get_data(as_text=True)
    assert "Kenya, please speak first" in timeline and "SECRET" not in timeline
    assert kenya.get(f"/s/{played}/replay/export/log.json").status_code == 404
    assert kenya.get(f"/s/{played}/replay/timeline?as=USA").get_data(as_text=True) == timeline, "a student cannot borrow another view"


def test_the_instructor_reveals_the_back_channel_to_everybody_and_hides_it_again(app, played):
    teacher, kenya = instructor(app), student(app, played)
    assert kenya.post(f"/s/{played}/replay/reveal", data={"csrf_token": "x", "reveal": "on"}).status_code in (400, 404)
    assert teacher.post(f"/s/{played}/replay/reveal", data={"reveal": "on"}).status_code == 400, "a form without its CSRF token"
    page = teacher.get(f"/s/{played}/replay")
    teacher.post(f"/s/{played}/replay/reveal", data={"csrf_token": csrf(page), "reveal": "on"})
    for client in (teacher, kenya):
        said = client.get(f"/s/{played}/replay/timeline").get_data(as_text=True)
        assert PRIVATE in said and BLOC in said
    log = json.loads(teacher.get(f"/s/{played}/replay/export/log.json").get_data(as_text=True))
    assert PRIVATE in [r["event"].get("text") for r in log["events"]]
    teacher.post(f"/s/{played}/replay/reveal", data={"csrf_token": csrf(teacher.get(f"/s/{played}/replay")), "reveal": "off"})
    for client in (teacher, kenya):
        for path in ANSWERS:
            assert "SECRET" not in client.get(f"/s/{played}/replay/{path}").get_data(as_text=True), path


def test_the_instructor_may_look_through_one_delegations_eyes(app, played):
    teacher = instructor(app)
    sweden = teacher.get(f"/s/{played}/replay/timeline?as=SWE").get_json()
    assert not any("Kenya, please speak first" in row[3] for row in sweden["entries"])
    assert "SECRET" not in json.dumps(sweden), "the instructor is not Sweden: its private mail waits for the reveal"
    assert teacher.get(f"/s/{played}/replay/timeline?as=NOPE").status_code == 404


def test_a_large_answer_is_gzipped_for_browsers_that_take_it(app, played):
    response = instructor(app).get(f"/s/{played}/replay/report", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.data))["votes"]
