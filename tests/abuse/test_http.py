"""Hypothesis-made HTTP requests, from a stranger, a student and the signed-in instructor:
never a 500, and nothing they send changes a session (or makes one)."""

from __future__ import annotations

import requests
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.servers import FromAddress, another_device

from .conftest import log_seq

text = st.text(max_size=40)
segment = st.sampled_from(["SESSION", "classroom-starter", "..", "%00", "x" * 300, "🙂"]) | st.text(alphabet="abcXYZ019-_.%", max_size=20)
paths = st.sampled_from([
    "/", "/join", "/login", "/signup", "/logout", "/dashboard", "/sessions", "/sessions/{}", "/api/sessions/{}/public",
    "/s/{}/chair", "/s/{}/projector", "/s/{}/delegate", "/s/{}/status", "/s/{}/replay", "/s/{}/replay/state",
    "/s/{}/replay/timeline", "/s/{}/replay/report", "/s/{}/replay/export/{}", "/s/{}/replay/reveal", "/guides/{}",
    "/scenarios", "/scenarios/new", "/scenarios/copy", "/scenarios/bundled/{}", "/scenarios/{}/edit",
    "/scenarios/{}/check", "/scenarios/{}/save", "/scenarios/{}/publish", "/scenarios/{}/versions/1.yaml",
    "/healthz", "/socket.io/", "/{}",
])
requests_made = st.fixed_dictionaries({
    "method": st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]),
    "path": paths,
    "segments": st.lists(segment, min_size=2, max_size=2),
    "query": st.dictionaries(st.sampled_from(["code", "next", "at", "seq", "name", "q"]), text, max_size=3),
    "form": st.dictionaries(st.sampled_from(["csrf_token", "code", "name", "username", "password", "scenario", "action", "title", "source", "text"]) | text, text, max_size=5),
    "who": st.sampled_from(["stranger", "student", "instructor"]),
})


def test_no_request_makes_a_500_or_changes_a_session(conference):
    student = conference.student("Ada", "USA")
    stranger = requests.Session()
    stranger.mount("http://", FromAddress(another_device()))  # its failed guesses throttle only itself
    people = {"stranger": stranger, "student": student.http, "instructor": conference.instructor}
    seq = log_seq(conference.server, conference.session_id)
    dashboard = conference.instructor.get(f"{conference.base}/dashboard", timeout=5).text

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(request=requests_made)
    @example(request={"method": "POST", "path": "/join", "segments": ["SESSION", "SESSION"], "query": {},
                      "form": {"csrf_token": "\x80"}, "who": "stranger"})  # once a 500: a non-ASCII token
    def check(request):
        filled = [conference.session_id if s == "SESSION" else s for s in request["segments"]]
        path = request["path"].format(*filled)
        response = people[request["who"]].request(
            request["method"], conference.base + path, params=request["query"], data=request["form"] or None,
            allow_redirects=False, timeout=10,
        )
        assert response.status_code < 500, f"{request['method']} {path} as {request['who']}: {response.status_code}"

    check()
    assert log_seq(conference.server, conference.session_id) == seq, "the session is as it was"
    assert conference.instructor.get(f"{conference.base}/dashboard", timeout=5).text.count("/s/") == dashboard.count("/s/"), "no session was made"
