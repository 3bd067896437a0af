"""The real server in its default async mode (eventlet, as `make run` starts it): a vote from
the call to the outcome, with students, autopilot seats, the chair and the projector."""

from __future__ import annotations

import pytest

from .conftest import Conference, bring_to_vote, create_session, sign_in


@pytest.fixture
def eventlet_conference(start_server):
    server = start_server()  # no --async-mode, PLENARY_ASYNC_MODE unset
    instructor = sign_in(server.base)
    session_id, code = create_session(server.base, instructor)
    conference = Conference(server, instructor, session_id, code)
    yield conference
    conference.close()


def test_a_roll_call_runs_to_its_outcome_on_the_default_eventlet_server(eventlet_conference):
    conference = eventlet_conference
    assert "(eventlet)" in conference.server.output()
    usa = conference.student("Ada", "USA")
    rus = conference.student("Boris", "RUS")
    ken = conference.student("Chidi", "KEN")
    chair, projector = conference.chair(), conference.projector()

    bring_to_vote(conference, usa, rus)
    for student, choice in ((usa, "no"), (rus, "yes"), (ken, "yes")):
        assert student.client.send({"type": "CastBallot", "choice": choice})["ok"]
    autopilot = conference.command({"type": "RunAutopilot", "seed": 1})
    conference.command({"type": "CloseDecision"})

    pages = [chair, projector, usa.client, rus.client, ken.client]
    reasons = set()
    for page in pages:
        closed = page.wait_for_event("DecisionClosed", where=lambda e: e["outcome"]["method"] == "roll_call")["event"]["outcome"]
        assert closed["method"] == "roll_call" and closed["decision"] in ("adopted", "rejected", "postponed")
        assert closed["tally"]["yes"] + closed["tally"]["no"] + closed["tally"]["abstain"] == 6
        reasons.add(closed["reason"])
        state = page.state()
        assert state["decision"] is None and state["outcomes"][-1]["reason"] == closed["reason"]
    assert len(reasons) == 1 and reasons.pop(), "everyone sees the same outcome, with its reason"
    assert chair.hello()["seq"] >= autopilot["seq"]
    assert "Traceback" not in conference.server.output()
