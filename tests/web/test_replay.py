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


ANSWERS = ("timeline", "timeline/index", "timeline/texts?pages=0,1", "report", "state?seq=3", "state?seq=64", "export/minutes.html", "export/minutes.md", "export/rollcall.csv")


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


# --- the timeline in columns and pages (the page's first answer and the texts it fetches) ---


def decoded(index) -> list[list]:
    """The index's rows as [seq, at, category, addressed to (ids, or None)], its deltas summed."""
    rows, seq, ms = [], 0, 0
    for i in range(index["count"]):
        seq += index["seq"][i]
        ms += index["at"][i]
        to = index["to"][i]
        rows.append([seq, index["started_at"] + ms / 1000, index["categories"][index["category"][i]],
                     None if to is None else [index["delegations"][d]["id"] for d in to]])
    return rows


def texts_of(client, played, index, query="") -> list[str]:
    pages = range((index["count"] + index["page_size"] - 1) // index["page_size"])
    answer = client.get(f"/s/{played}/replay/timeline/texts?pages={','.join(map(str, pages))}{query}").get_json()
    return [text for k in pages for text in answer["pages"][str(k)]["texts"]]


@pytest.mark.parametrize("view", ["", "?as=SWE", "?as=KEN"])
def test_the_index_and_its_pages_hold_the_same_rows_as_the_timeline(app, played, view, monkeypatch):
    monkeypatch.setattr("game.service.debrief.PAGE", 7)
    teacher = instructor(app)
    full = teacher.get(f"/s/{played}/replay/timeline{view}").get_json()
    index = teacher.get(f"/s/{played}/replay/timeline/index{view}").get_json()
    assert index["count"] == len(full["entries"]) and index["page_size"] == 7
    assert index["last_seq"] == full["last_seq"] and index["phases"] == full["phases"]
    for row, entry in zip(decoded(index), full["entries"], strict=True):
        assert row[0] == entry[0] and row[2] == entry[2] and row[3] == entry[5]
        assert abs(row[1] - entry[1]) < 0.001
    query = f"&{view[1:]}" if view else ""
    assert texts_of(teacher, played, index, query) == [entry[3] for entry in full["entries"]]
    # the first page and the pages of the last screen come with the index
    last_page = (index["count"] - 1) // 7
    assert set(index["pages"]) == {"0", *map(str, range(max(0, index["count"] - 26) // 7, last_page + 1))}
    for k, texts in index["pages"].items():
        assert texts == [entry[3] for entry in full["entries"][int(k) * 7:(int(k) + 1) * 7]]


def test_text_pages_at_their_boundaries(app, played, monkeypatch):
    monkeypatch.setattr("game.service.debrief.PAGE", 10)
    teacher = instructor(app)
    full = teacher.get(f"/s/{played}/replay/timeline").get_json()["entries"]
    count = len(full)
    last_page = (count - 1) // 10
    answer = teacher.get(f"/s/{played}/replay/timeline/texts?pages={last_page},0,{last_page + 1},0").get_json()
    assert list(answer["pages"]) == [str(last_page), "0", str(last_page + 1)], "each page once, in the order asked"
    assert answer["pages"]["0"] == {"first_seq": full[0][0], "texts": [e[3] for e in full[:10]]}
    assert answer["pages"][str(last_page)]["texts"] == [e[3] for e in full[last_page * 10:]]
    assert 0 < len(answer["pages"][str(last_page)]["texts"]) <= 10
    assert answer["pages"][str(last_page + 1)] == {"first_seq": None, "texts": []}, "past the end: empty"
    for bad in ("", "-1", "a", "1,,2", ",".join(["1"] * 51), "9" * 12):
        assert teacher.get(f"/s/{played}/replay/timeline/texts?pages={bad}").status_code == 400, bad
    assert teacher.get(f"/s/{played}/replay/timeline/index?upto=x").status_code == 400


def test_upto_leaves_out_what_came_after_the_page_was_drawn(app, played, monkeypatch):
    monkeypatch.setattr("game.service.debrief.PAGE", 10)
    teacher = instructor(app)
    full = teacher.get(f"/s/{played}/replay/timeline").get_json()
    early = teacher.get(f"/s/{played}/replay/timeline/index?upto=30").get_json()
    kept = [e for e in full["entries"] if e[0] <= 30]
    assert early["last_seq"] == 30 and [r[0] for r in decoded(early)] == [e[0] for e in kept]
    assert all(p["seq"] <= 30 for p in early["phases"])
    assert texts_of(teacher, played, early, "&upto=30") == [e[3] for e in kept]
    assert teacher.get(f"/s/{played}/replay/timeline/index?upto=99999").get_json()["count"] == len(full["entries"])
    assert teacher.get(f"/s/{played}/replay/timeline/index?upto=0").get_json()["count"] == 0


def test_the_pages_follow_the_reveal_for_every_audience(app, played):
    teacher, kenya = instructor(app), student(app, played)
    before = {who: (c.get(f"/s/{played}/replay/timeline/index").get_json(), c) for who, c in (("teacher", teacher), ("kenya", kenya))}
    for index, client in before.values():
        assert not index["revealed"]
        said = json.dumps(index) + json.dumps(texts_of(client, played, index))
        assert "SECRET" not in said
    kenya_index = before["kenya"][0]
    assert "Kenya, please speak first" in json.dumps(texts_of(kenya, played, kenya_index))
    assert kenya.get(f"/s/{played}/replay/timeline/index?as=USA").get_json() == kenya_index, "a student cannot borrow another view"
    teacher.post(f"/s/{played}/replay/reveal", data={"csrf_token": csrf(teacher.get(f"/s/{played}/replay")), "reveal": "on"})
    for client in (teacher, kenya):
        index = client.get(f"/s/{played}/replay/timeline/index").get_json()
        assert index["revealed"] and index["count"] > before["teacher" if client is teacher else "kenya"][0]["count"]
        said = json.dumps(texts_of(client, played, index))
        assert PRIVATE in said and BLOC in said
        # a page asked for with an index made before the reveal says the rows have changed
        assert client.get(f"/s/{played}/replay/timeline/texts?pages=0").get_json()["revealed"] is True
