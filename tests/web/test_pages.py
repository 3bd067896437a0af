"""The plain pages served until the live classroom arrives."""

from __future__ import annotations

import pytest

from game import scenario as scenarios
from game.web import create_app


@pytest.fixture
def app(tmp_path):
    return create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'web.db'}", "ASYNC_MODE": "threading", "TESTING": True})


def test_the_home_page_lists_the_bundled_scenarios_and_sessions(app):
    service = app.extensions["plenary"]
    session_id = service.create_session(scenarios.find("classroom-starter"), title="Tuesday <b>seminar</b>")
    page = app.test_client().get("/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Regional Telecommunication Conference" in html
    assert session_id in html
    assert "Tuesday &lt;b&gt;seminar&lt;/b&gt;" in html, "user text is escaped"
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]


def test_a_session_page_shows_its_state_and_an_unknown_one_is_404(app):
    service = app.extensions["plenary"]
    session_id = service.create_session(scenarios.find("classroom-starter"))
    client = app.test_client()
    assert "Opening statements" in client.get(f"/sessions/{session_id}").get_data(as_text=True)
    assert client.get("/sessions/nope").status_code == 404
    public = client.get(f"/api/sessions/{session_id}/public").get_json()
    assert public["you"] == {"role": "observer", "delegation": None, "player": None}
    assert public["players"] == []
