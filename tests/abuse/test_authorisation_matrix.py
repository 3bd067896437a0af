"""Every command, from every role, in its own session and in another: a role that may not
give a command is refused and nothing is stored; nobody's cookie opens another session."""

from __future__ import annotations

from game.rules import codec
from tests.realtime.conftest import create_instructor, create_session, refusal, server_env, sign_in
from tests.realtime.test_authorisation import CHAIR_ONLY, FOR_DELEGATES

from .conftest import log_seq, paced

FOR_DELEGATES_PAYLOADS = {
    "TakeSeat": {"delegation": "KEN"},
    "TransferVote": {"holder": "SWE"},
    "RevokeTransfer": {},
    "ProposeAmendment": {"item": "preamble", "bracket": "b1", "text": "human rights obligations"},
    "CosponsorAmendment": {"amendment": "A1"},
    "WithdrawAmendment": {"amendment": "A1"},
    "RaiseObjection": {"reason": "No."},
    "RaisePlacard": {"placard": "for"},
    "CastBallot": {"choice": "yes"},
    "RequestFloor": {},
    "WithdrawFloorRequest": {},
    "YieldFloor": {},
    "SendMessage": {"audience": "public", "text": "Hello"},
    "SignFinalActs": {},
}
EVERY = {**CHAIR_ONLY, **FOR_DELEGATES_PAYLOADS}
CHAIR_TOO = {"TransferVote", "RevokeTransfer", "YieldFloor", "SendMessage"}
"""Delegates' commands the chair may also give (docs/protocol.md, section 6)."""


def test_the_matrix_covers_every_command():
    assert set(EVERY) == set(codec.COMMANDS) and set(FOR_DELEGATES_PAYLOADS) == FOR_DELEGATES


def test_every_role_is_refused_every_command_it_may_not_give(conference):
    """Roles: the projector, a player in the lobby, a seated delegate, the chair. Each
    command a role may not give is refused with the code that says why; nothing is stored."""
    usa = conference.student("Ada", "USA")
    lobby = conference.student("Larry")
    roles = {"projector": conference.projector(), "lobby": lobby.client, "delegate": usa.client, "chair": conference.chair()}
    seq = log_seq(conference.server, conference.session_id)
    codes = {}
    for role, page in roles.items():
        for kind, fields in EVERY.items():
            may = (role == "chair" and (kind in CHAIR_ONLY or kind in CHAIR_TOO)) or (role == "delegate" and kind in FOR_DELEGATES) or (role == "lobby" and kind == "TakeSeat")
            if may:
                continue
            answer = paced(page, "command", {"type": kind, **fields})
            assert not answer["ok"], f"{role} gave {kind}: {answer}"
            codes[role, kind] = answer["error"]["code"]
    assert log_seq(conference.server, conference.session_id) == seq, "no refused command was stored"
    assert {codes["projector", k] for k in EVERY} == {"observers_watch"}
    assert {codes["lobby", k] for k in EVERY if k != "TakeSeat"} == {"observers_watch"}
    assert {codes["delegate", k] for k in CHAIR_ONLY} == {"chair_only"}
    assert {codes["chair", k] for k in FOR_DELEGATES - CHAIR_TOO} <= {"delegates_only", "not_in_lobby"}


def test_no_role_of_one_session_gets_into_another(conference):
    usa = conference.student("Ada", "USA")
    other_id, _ = create_session(conference.base, conference.instructor)
    create_instructor(conference.server.database_url, server_env(conference.server.database_url), "neighbour")
    neighbour = sign_in(conference.base, "neighbour")
    theirs, _ = create_session(conference.base, neighbour)
    seqs = {s: log_seq(conference.server, s) for s in (conference.session_id, other_id, theirs)}

    # A seat cookie opens no other session, in any view, even renamed for it.
    token = usa.http.cookies[f"plenary_seat_{conference.session_id}"]
    usa.http.cookies.set(f"plenary_seat_{other_id}", token)
    for view in ("delegate", "chair", "projector"):
        refusal(conference.base, other_id, view, usa.http)
    # Another instructor's login opens neither the chair nor the projector of this session.
    for view in ("chair", "projector"):
        refusal(conference.base, conference.session_id, view, neighbour)
        refusal(conference.base, theirs, view, conference.instructor)
    assert {s: log_seq(conference.server, s) for s in seqs} == seqs
