"""Tests for messages and injects (game/rules/messaging.py).

Who may read a message is part of its event (`Visibility`), so these tests check the event's
visibility: what each participant's projection would show. The rules are the module's own:
a private message reaches its sender and recipients (the chair only when it wrote it);
a bloc channel reaches the bloc's members and only they may write to it; public statements
reach everybody; the chair releases injects, to everybody or to chosen delegations.
"""

from __future__ import annotations

import pytest

from game.rules import Actor, InvalidCommand, RuleViolation, execute
from game.rules import commands as c
from game.rules import events as e
from game.rules.commands import MAX_TEXT
from game.rules.model import Delegation, Inject, Phase

from .conftest import CHAIR, conference, run, started

EVERYONE = tuple(f"D{i:02d}" for i in range(1, 11))


def send(state, sender, audience, text="Can we meet at the coffee bar?", to=()):
    actor = CHAIR if sender == "chair" else Actor.delegate(sender)
    state, records = execute(state, actor, c.SendMessage(audience=audience, text=text, to=to))
    [record] = records
    return state, record


def readers(record):
    """The delegations whose projection holds the event (the chair's always does)."""
    return {d for d in EVERYONE if record.visibility.admits(d)}


def test_a_private_message_reaches_only_its_sender_and_recipients():
    """A private message reaches its sender and recipients only: nobody else's projection
    ever holds it. Between delegations it is not shown to the chair either: the
    back-channel stays with them until the instructor reveals it in the debrief
    (events.Visibility)."""
    _, record = send(started(conference()), "D01", "delegations", to=("D03", "D06"))
    assert record.event == e.MessageSent(
        "M1",
        "D01",
        "delegations",
        ("D03", "D06"),
        "Can we meet at the coffee bar?",
        ("D01", "D03", "D06"),
    )
    assert readers(record) == {"D01", "D03", "D06"}
    assert not record.visibility.admits(None, chair=True)
    assert not record.visibility.admits(None)


def test_the_chairs_private_message_reaches_its_recipients_and_the_chair():
    _, record = send(started(conference()), "chair", "delegations", to=("D02",))
    assert record.event.sender == "chair"
    assert readers(record) == {"D02"}
    assert record.visibility.admits(None, chair=True)


def test_a_private_message_must_name_another_delegation_that_exists():
    state = started(conference())
    with pytest.raises(RuleViolation) as raised:
        send(state, "D01", "delegations", to=("D01",))
    assert raised.value.code == "no_recipients"
    with pytest.raises(RuleViolation) as raised:
        send(state, "D01", "delegations", to=("D03", "D99"))
    assert raised.value.message == "There is no delegation 'D99' in this conference."


def test_a_bloc_message_reaches_the_bloc_members_only():
    """A bloc channel reaches the bloc's members (as they were when it was sent)."""
    _, record = send(started(conference()), "D03", "bloc")
    assert record.event.to == ("A",)
    assert readers(record) == {"D01", "D03", "D05", "D07", "D09"}


def test_a_member_may_name_its_own_bloc_channel():
    _, record = send(started(conference()), "D04", "bloc", to=("B",))
    assert readers(record) == {"D02", "D04", "D06", "D08", "D10"}


def test_a_non_member_cannot_write_to_another_blocs_channel():
    """Only a bloc's members may write to its channel: a delegation of bloc B that addresses
    bloc A's channel is refused, and nothing reaches either bloc."""
    state = started(conference())
    with pytest.raises(RuleViolation) as raised:
        send(state, "D02", "bloc", text="A word, colleagues.", to=("A",))
    assert raised.value.message == "Only a bloc's members can write to its channel."
    assert state.messages == 0


def test_a_delegation_outside_every_bloc_has_no_bloc_channel():
    spec = conference(delegations=(*conference().delegations, Delegation("X1", "Non-aligned")))
    with pytest.raises(RuleViolation) as raised:
        send(started(spec), "X1", "bloc")
    assert (
        raised.value.message
        == "Only a delegation that belongs to a bloc can write to a bloc channel."
    )


def test_a_public_statement_reaches_everyone():
    """Public statements reach every participant, the projector and observers included."""
    _, record = send(started(conference()), "D02", "public", text="We will not sign.")
    assert record.event.audience == "public"
    assert readers(record) == set(EVERYONE)
    assert record.visibility.admits(None)


def test_an_unknown_audience_is_refused():
    with pytest.raises(RuleViolation) as raised:
        send(started(conference()), "D02", "press")
    assert raised.value.code == "bad_audience"


def test_a_message_over_four_thousand_characters_is_malformed_and_changes_nothing():
    """Size limits on every text field (ARCHITECTURE: security model): a message over
    4,000 characters is an InvalidCommand, not sent, and does not use up a message number."""
    state = started(conference())
    with pytest.raises(InvalidCommand) as raised:
        send(state, "D01", "public", text="x" * (MAX_TEXT + 1))
    assert raised.value.message == "The message is 4,001 characters long; the limit is 4,000."
    assert state.messages == 0
    state, record = send(state, "D01", "public", text="x" * MAX_TEXT)
    assert record.event.message == "M1"
    assert state.messages == 1


def test_an_empty_message_is_malformed():
    with pytest.raises(InvalidCommand):
        send(started(conference()), "D01", "public", text="   ")


def test_a_message_cannot_be_sent_in_a_phase_that_closes_messages():
    """A phase lists the activities open in it (floor, drafting, decisions, signing,
    messages); in a phase without "messages", delegations cannot send messages. The chair
    may always write."""
    silent = Phase("vote", "Voting", frozenset({"decisions"}))
    state = started(conference(phases=(silent,)))
    with pytest.raises(RuleViolation) as raised:
        send(state, "D01", "delegations", to=("D03",))
    assert raised.value.message == "You cannot send messages during Voting."
    _, record = send(state, "chair", "public", text="Silence in the hall, please.")
    assert record.event.sender == "chair"


def test_an_inject_to_chosen_delegations_is_seen_only_by_them():
    """An inject to chosen delegations ("new instructions from your capital") reaches only
    them and the chair."""
    command = c.FireInject(title="Instructions", text="Do not sign.", to=("D04", "D02", "D04"))
    _, records = execute(started(conference()), CHAIR, command)
    [record] = records
    assert record.event == e.InjectFired(None, "Instructions", "Do not sign.", ("D04", "D02"))
    assert readers(record) == {"D02", "D04"}
    assert record.visibility.admits(None, chair=True)


def test_an_inject_to_nobody_in_particular_is_public():
    _, records = execute(
        started(conference()), CHAIR, c.FireInject(title="News", text="The hall floods.")
    )
    assert readers(records[0]) == set(EVERYONE)


def test_an_inject_cannot_go_to_an_unknown_delegation():
    with pytest.raises(RuleViolation) as raised:
        execute(started(conference()), CHAIR, c.FireInject(title="News", text="...", to=("D77",)))
    assert raised.value.code == "unknown_delegation"


def test_a_scripted_inject_fires_once():
    """A scenario's inject is news: once released it has been released."""
    news = Inject("flood", "The hall floods", "Plenary moves upstairs.", to=("D01",))
    state = started(conference(injects=(news,)))
    state, records = execute(state, CHAIR, c.FireInject(inject="flood"))
    assert [r.event for r in records] == [
        e.InjectFired("flood", "The hall floods", "Plenary moves upstairs.", ("D01",))
    ]
    assert readers(records[0]) == {"D01"}
    assert state.injects_fired == ("flood",)
    with pytest.raises(RuleViolation) as raised:
        execute(state, CHAIR, c.FireInject(inject="flood"))
    assert raised.value.message == "'The hall floods' has already been released."


def test_a_scripted_inject_must_exist_in_the_scenario():
    with pytest.raises(RuleViolation) as raised:
        execute(started(conference()), CHAIR, c.FireInject(inject="earthquake"))
    assert raised.value.code == "no_such_inject"


def test_a_delegate_cannot_fire_an_inject():
    """Injects are news that the chair releases."""
    news = Inject("flood", "The hall floods", "Plenary moves upstairs.")
    state = started(conference(injects=(news,)))
    for command in (
        c.FireInject(inject="flood"),
        c.FireInject(title="Fake news", text="The chair resigned."),
    ):
        with pytest.raises(RuleViolation) as raised:
            execute(state, Actor.delegate("D01"), command)
        assert raised.value.message == "Only the chair may release news."
    state = run(state, CHAIR, c.FireInject(inject="flood"))
    assert state.injects_fired == ("flood",)
