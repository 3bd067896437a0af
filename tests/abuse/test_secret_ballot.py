"""No API reveals a secret ballot's choices: after a secret ballot, every JSON answer the
server gives over HTTP, to the chair, to a voter and to a stranger, shows who voted and the
counts, never who voted how (the socket side: tests/realtime/test_visibility.py)."""

from __future__ import annotations

import requests

from tests.realtime.conftest import bring_to_vote, walk

from .conftest import paced

GETS = [
    "/api/sessions/{id}/public", "/sessions/{id}", "/s/{id}/replay/state", "/s/{id}/replay/timeline",
    "/s/{id}/replay/report", "/s/{id}/replay/export/json", "/s/{id}/replay/export/log", "/s/{id}/replay/export/minutes",
    "/s/{id}/replay/state?at=1000",
]


def test_no_http_answer_says_who_voted_how_in_a_secret_ballot(conference):
    usa = conference.student("Ada", "USA")
    rus = conference.student("Boris", "RUS")
    swe = conference.student("Carl", "SWE")
    bring_to_vote(conference, usa, rus, method="secret_ballot")
    for student, choice in ((usa, "yes"), (rus, "no"), (swe, "abstain")):
        assert paced(student.client, "command", {"type": "CastBallot", "choice": choice})["ok"]
    open_vote = conference.chair().hello()["state"]["decision"]
    conference.command({"type": "CloseDecision"})
    secret = open_vote["id"]

    looked = 0
    for who, http in (("chair", conference.instructor), ("voter", usa.http), ("stranger", requests.Session())):
        for path in GETS:
            response = http.get(conference.base + path.format(id=conference.session_id), timeout=10)
            assert response.status_code < 500, path
            if not response.headers.get("Content-Type", "").startswith("application/json"):
                continue
            looked += 1
            for obj in walk(response.json()):
                if obj.get("type") == "BallotCast" and (obj.get("secret") or obj.get("decision") == secret):
                    assert obj.get("choice") is None, f"{path} showed the {who} a secret ballot's choice"
                if obj.get("method") == "secret_ballot":
                    assert not obj.get("ballots"), f"{path} showed the {who} who voted how"
                    assert not obj.get("by_bloc"), f"{path} showed the {who} how each bloc voted"
    assert looked >= 3, "the public state answers everybody in JSON"
