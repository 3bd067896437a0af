"""Server-rendered pages: join, sign in, dashboard, and the read-only session views."""

from __future__ import annotations

import re

import pytest

from game import scenario as scenarios
from game.web import create_app


@pytest.fixture
def app(tmp_path):
    return create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'web.db'}", "ASYNC_MODE": "threading", "TESTING": True, "SECRET_KEY": "test"})


def csrf(page) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def signed_in(app):
    client = app.test_client()
    page = client.get("/signup")
    client.post("/signup", data={"csrf_token": csrf(page), "username": "teacher", "password": "correct horse"})
    return client


def test_the_first_visitor_signs_up_and_later_ones_must_sign_in(app):
    client = signed_in(app)
    assert "Start a session" in client.get("/dashboard").get_data(as_text=True)
    other = app.test_client()
    assert other.get("/signup").headers["Location"].endswith("/login")
    assert other.get("/dashboard").headers["Location"].startswith("/login")


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(app):
    client = signed_in(app)
    response = client.post("/sessions", data={"scenario": "classroom-starter"})
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    assert app.extensions["plenary"].store.list_sessions() == []


def test_an_instructor_creates_a_session_and_a_student_joins_it_by_code(app):
    client = signed_in(app)
    created = client.post("/sessions", data={"csrf_token": csrf(client.get("/dashboard")), "scenario": "classroom-starter", "title": "Tuesday <b>seminar</b>"})
    session_id = created.headers["Location"].split("/")[2]
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Tuesday &lt;b&gt;seminar&lt;/b&gt;" in dashboard, "user text is escaped"
    code = re.search(r'<code class="code">(\w+)</code>', dashboard).group(1)
    student = app.test_client()
    joined = student.post("/join", data={"csrf_token": csrf(student.get("/")), "code": code.lower(), "name": "Ada"})
    assert joined.headers["Location"] == f"/s/{session_id}/delegate"
    cookie = joined.headers["Set-Cookie"]
    assert f"plenary_seat_{session_id}=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert student.get(f"/s/{session_id}/delegate").status_code == 200
    players = app.extensions["plenary"].state(session_id).players
    assert [p.name for p in players.values()] == ["Ada"]


def test_a_wrong_code_is_a_clear_error(app):
    student = app.test_client()
    response = student.post("/join", data={"csrf_token": csrf(student.get("/")), "code": "NOPE42", "name": "Ada"})
    assert response.status_code == 400
    assert "No session has that code" in response.get_data(as_text=True)


def test_pages_send_a_content_security_policy(app):
    response = app.test_client().get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_a_session_summary_shows_its_state_and_an_unknown_one_is_404(app):
    service = app.extensions["plenary"]
    session_id = service.create_session(scenarios.find("classroom-starter"))
    client = app.test_client()
    assert "Opening statements" in client.get(f"/sessions/{session_id}").get_data(as_text=True)
    assert client.get("/sessions/nope").status_code == 404
    public = client.get(f"/api/sessions/{session_id}/public").get_json()
    assert public["you"] == {"role": "observer", "delegation": None, "player": None}
    assert public["players"] == []


def test_every_bundled_scenario_has_a_guide_and_it_renders(app):
    """Each shipped scenario has a one-page instructor guide, served as a page."""
    from game.web import pages

    client = app.test_client()
    for loaded in scenarios.bundled():
        assert pages.guide_path(loaded.id) is not None, f"docs/guides/{loaded.id}.md is missing"
        response = client.get(f"/guides/{loaded.id}")
        body = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "<h2>" in body and loaded.spec.title in body


def test_html_in_a_guide_is_shown_as_text(app, tmp_path, monkeypatch):
    from game.web import pages

    (tmp_path / "classroom-starter.md").write_text("# Guide\n\n<script>alert(1)</script>\n\n| a | b |\n| - | - |\n| 1 | 2 |\n", encoding="utf-8")
    monkeypatch.setattr(pages, "GUIDES", tmp_path)
    body = app.test_client().get("/guides/classroom-starter").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert" not in body
    assert "<table>" in body


def test_a_guide_for_an_unknown_or_unsafe_name_is_not_found(app):
    client = app.test_client()
    assert client.get("/guides/no-such-scenario").status_code == 404
    assert client.get("/guides/..%2F..%2Fpyproject").status_code == 404


def test_an_unattended_run_from_the_dashboard_opens_the_replay_of_a_finished_session(app):
    """'Unattended run' follows the scenario's course with every seat on autopilot and keeps
    it as the instructor's finished session."""
    client = signed_in(app)
    dashboard = client.get("/dashboard")
    assert 'name="rehearse"' in dashboard.get_data(as_text=True)
    assert "/guides/classroom-starter" in dashboard.get_data(as_text=True)
    response = client.post("/sessions", data={"csrf_token": csrf(dashboard), "scenario": "classroom-starter", "rehearse": "1"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/replay")
    session_id = response.headers["Location"].split("/")[-2]
    service = app.extensions["plenary"]
    state = service.state(session_id)
    assert state.ended and state.signatures, "the run reached signing and the end"
    assert service.store.get_session(session_id).status == "ended"
    page = client.get("/dashboard").get_data(as_text=True)
    assert "unattended run" in page and "code <code" not in page
