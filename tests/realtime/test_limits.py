"""Malformed, oversized and flooding input: each gets a clear answer and changes nothing."""

from __future__ import annotations

import time

from .conftest import block_consensus, bring_to_vote, wait_until

MALFORMED = [
    "CastBallot",
    ["CastBallot", "yes"],
    42,
    None,
    {"choice": "yes"},
    {"type": "DeclareWar"},
    {"type": "castballot", "choice": "yes"},
    {"type": "CastBallot", "choice": "maybe"},
    {"type": "CastBallot", "choice": 1},
    {"type": "CastBallot", "choice": "yes", "weight": 10},
    {"type": "SendMessage", "audience": "public", "text": 42},
    {"type": "SendMessage", "audience": "delegations", "text": "Hello", "to": "RUS"},
    {"type": "RequestFloor", "kind": ["speech"]},
    {"type": "ProposeAmendment", "item": "preamble"},
    {"type": "SendMessage", "audience": "public", "text": "x" * 5_000},
    {"type": "SendMessage", "audience": "public", "text": "x" * 50_000},
]


def test_malformed_commands_get_a_clear_error_and_change_nothing(conference):
    usa = conference.student("Ada", "USA")
    rus = conference.student("Boris", "RUS")
    bring_to_vote(conference, usa, rus)
    seq = conference.seq()
    page = conference.open("delegate", usa.http)

    for payload in MALFORMED:
        answer = page.send(payload)
        assert not answer["ok"], payload
        assert answer["error"]["code"] == "invalid_command", (payload, answer)
        message = answer["error"]["message"]
        assert message.endswith(".") and "Traceback" not in message and len(message) < 200, message
    assert page.send({"type": "SendMessage", "audience": "public", "text": "x" * 5_000})["error"]["message"] == (
        "The message is 5,000 characters long; the limit is 4,000."
    )
    assert page.hello("yesterday")["error"]["code"] == "invalid_command"

    assert conference.seq() == seq
    assert conference.chair().hello()["state"]["decision"]["voted"] == []
    assert page.send({"type": "CastBallot", "choice": "yes"})["ok"], "the page still works"


def test_an_amendment_of_a_hundred_kilobytes_gets_a_clear_error_and_the_page_stays_connected(conference):
    usa = conference.student("Ada", "USA")
    conference.command({"type": "ChangePhase", "phase": "negotiation"})
    seq = conference.seq()

    answers = []
    amendment = {"type": "ProposeAmendment", "item": "preamble", "text": "[" + "y" * 100_000 + "]"}
    usa.client.sio.emit("command", amendment, callback=answers.append)
    wait_until(lambda: answers or not usa.client.sio.connected, what="an answer or a closed connection")

    assert conference.seq() == seq
    assert answers, "the server closed the connection instead of answering"
    assert answers[0]["error"]["code"] == "invalid_command", answers
    assert "limit" in answers[0]["error"]["message"]
    assert usa.client.sio.connected


def test_a_flood_of_commands_is_rate_limited_and_changes_nothing(conference):
    usa = conference.student("Ada", "USA")
    seq = conference.seq()
    page = conference.open("delegate", usa.http)

    answers, hellos = [], []
    for _ in range(40):
        page.sio.emit("command", {"type": "CloseDecision"}, callback=answers.append)
    wait_until(lambda: len(answers) == 40, what="forty answers")
    for _ in range(5):
        page.sio.emit("hello", {"last_seq": 0}, callback=hellos.append)
    wait_until(lambda: len(hellos) == 5, what="five answers")

    codes = [a["error"]["code"] for a in answers]
    assert codes.count("chair_only") >= 20, "a burst of ordinary size goes through"
    assert codes.count("rate_limited") >= 10, codes
    assert "rate_limited" in [h.get("error", {}).get("code") for h in hellos], "hello counts too"
    assert conference.seq() == seq

    time.sleep(0.5)
    assert page.send({"type": "CloseDecision"})["error"]["code"] == "chair_only", "the limit refills"


def test_a_vote_with_a_deadline_already_past_is_refused_and_opens_nothing(conference):
    """A call for objections must give the room 5 s to an hour; a vote's `seconds` deserves
    the same check. Otherwise a chair's typo (-60, or 0) opens a vote that refuses every
    ballot as too late and that the server's timer closes at once, with an outcome on record."""
    subject = block_consensus(conference, conference.student("Ada", "USA"), conference.student("Boris", "RUS"))
    seq = conference.seq()
    answers = {}
    for seconds in (-60, 0):
        answer = conference.chair().send({"type": "CallVote", "subject": subject, "method": "roll_call", "seconds": seconds})
        answers[seconds] = answer["ok"] or answer["error"]["code"]
        if answer["ok"]:
            break
    assert True not in answers.values(), f"the vote opened: {answers}"
    assert conference.seq() == seq
    assert conference.chair().hello()["state"]["decision"] is None
