"""Who may connect, and who may do what: the server decides the actor from cookies, refuses
strangers and foreign pages, and checks every command against the actor's role."""

from __future__ import annotations

from game.rules import codec

from .conftest import bring_to_vote, create_instructor, create_session, refusal, server_env, sign_in

SUBJECT = {"kind": "item", "id": "preamble"}

CHAIR_ONLY = {
    "StartSession": {},
    "SeatPlayer": {"player": "p-someone", "name": "Someone", "delegation": "RUS"},
    "RemovePlayer": {"player": "p-someone"},
    "AllowSeatChoice": {"allowed": True},
    "PauseSession": {"paused": True},
    "ChangePhase": {"phase": "decisions"},
    "EndSession": {},
    "SetCredentials": {"delegation": "RUS", "credentials": "none"},
    "MarkPresence": {"delegation": "RUS", "present": False},
    "AdvanceReading": {"item": "preamble"},
    "AcceptAmendment": {"amendment": "A1"},
    "CallForObjections": {"subject": SUBJECT},
    "SoundRoom": {"subject": SUBJECT},
    "CallVote": {"subject": SUBJECT, "method": "roll_call"},
    "CloseDecision": {},
    "DeclareRoughConsensus": {"subject": {"kind": "item", "id": "preamble"}},
    "GiveFloor": {"delegation": "USA"},
    "SetSpeakingTime": {"seconds": 600},
    "RulePointOfOrder": {"delegation": "RUS", "ruling": "The point is well taken."},
    "FireInject": {"inject": "leak"},
    "OpenSigning": {},
    "CloseSigning": {},
    "RunAutopilot": {"seed": 7},
}
"""Every command only the chair may give, with a well-formed payload."""

FOR_DELEGATES = {
    "TakeSeat", "TransferVote", "RevokeTransfer", "ProposeAmendment", "CosponsorAmendment",
    "WithdrawAmendment", "RaiseObjection", "RaisePlacard", "CastBallot", "RequestFloor",
    "WithdrawFloorRequest", "YieldFloor", "SendMessage", "SignFinalActs",
}
"""Commands a delegate may give (when the rules allow them at that moment)."""


def test_every_command_type_is_either_the_chairs_or_a_delegates():
    assert set(CHAIR_ONLY) | FOR_DELEGATES == set(codec.COMMANDS), "classify the new command in this file"
    assert not set(CHAIR_ONLY) & FOR_DELEGATES


def test_a_delegate_cannot_give_any_of_the_chairs_commands_and_nothing_changes(conference):
    student = conference.student("Ada", "USA")
    seq = conference.seq()
    refused = {}
    for n, (kind, fields) in enumerate(CHAIR_ONLY.items()):
        if n % 10 == 0:  # a fresh tab every ten commands keeps clear of the rate limit
            page = conference.open("delegate", student.http)
        answer = page.send({"type": kind, **fields})
        refused[kind] = answer.get("error", {}).get("code")
        assert not answer["ok"] and answer["error"]["message"].startswith("Only the chair may"), answer
    assert refused == dict.fromkeys(CHAIR_ONLY, "chair_only")
    assert conference.seq() == seq, "no refused command was recorded"
    state = conference.chair().hello()["state"]
    assert (state["phase"], state["paused"], state["ended"], state["decision"]) == ("opening", False, False, None)


def test_the_chair_cannot_cast_a_delegations_ballot(conference):
    usa = conference.student("Ada", "USA")
    rus = conference.student("Boris", "RUS")
    bring_to_vote(conference, usa, rus)
    answer = conference.chair().send({"type": "CastBallot", "choice": "yes"})
    assert answer["error"]["code"] == "delegates_only", answer


def test_a_delegate_cannot_vote_or_transfer_a_vote_for_another_delegation(conference):
    usa = conference.student("Ada", "USA")
    rus = conference.student("Boris", "RUS")
    bring_to_vote(conference, usa, rus)
    seq = conference.seq()

    answer = usa.client.send({"type": "CastBallot", "choice": "no", "on_behalf_of": "RUS"})
    assert answer["error"]["code"] == "no_proxy", answer
    assert "does not hold" in answer["error"]["message"]
    assert conference.seq() == seq
    assert conference.chair().hello()["state"]["decision"]["voted"] == []

    assert rus.client.send({"type": "CastBallot", "choice": "yes"})["ok"]
    assert conference.chair().hello()["state"]["decision"]["ballots"] == {"RUS": "yes"}


def test_the_projector_only_watches(conference):
    projector = conference.projector()
    seq = conference.seq()
    for payload in ({"type": "SendMessage", "audience": "public", "text": "From the screen"}, {"type": "CloseDecision"}):
        answer = projector.send(payload)
        assert answer["error"]["code"] == "observers_watch", answer
    assert conference.seq() == seq
    assert "you" in projector.hello()["state"] and projector.hello()["state"]["players"] == []


def test_a_page_without_cookies_cannot_open_the_chair_the_projector_or_a_seat(conference):
    for view in ("chair", "projector", "delegate"):
        refusal(conference.base, conference.session_id, view)
    refusal(conference.base, "no-such-session", "chair", conference.instructor)


def test_another_instructor_cannot_chair_or_project_a_session_they_do_not_own(conference):
    create_instructor(conference.server.database_url, server_env(conference.server.database_url), "colleague")
    colleague = sign_in(conference.base, "colleague")
    refusal(conference.base, conference.session_id, "chair", colleague)
    refusal(conference.base, conference.session_id, "projector", colleague)
    own_id, _ = create_session(conference.base, colleague)
    refusal(conference.base, own_id, "chair", conference.instructor)


def test_a_refused_connection_tells_the_person_why(conference):
    """The hub's sentences ("Sign in as the instructor...", "join again with the code")
    should reach the page, not a generic refusal."""
    assert "Sign in as the instructor" in refusal(conference.base, conference.session_id, "chair")
    assert "join again with the code" in refusal(conference.base, conference.session_id, "delegate")


def test_a_socket_opened_from_a_foreign_page_is_refused_even_with_the_instructors_cookie(conference):
    evil = "http://evil.example"
    refusal(conference.base, conference.session_id, "chair", conference.instructor,
            websocket_extra_options={"origin": evil})
    refusal(conference.base, conference.session_id, "chair", conference.instructor,
            transport="polling", headers={"Origin": evil})
    same_origin = conference.open("chair", conference.instructor, transport="polling",
                                  headers={"Origin": conference.base})
    assert same_origin.hello()["ok"]
