"""Tests for reading and writing commands and events as JSON (game/rules/codec.py).

The same code reads a command from an untrusted socket payload and an event from the store,
so every type must survive the round trip, and a malformed payload must come back as an
InvalidCommand whose message names the field that is wrong (ARCHITECTURE: "Commands,
events, errors"), never as a traceback.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import types
import typing

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.rules import InvalidCommand
from game.rules import commands as c
from game.rules import events as e
from game.rules.codec import COMMANDS, EVENTS, dump, load_command, load_event
from game.rules.values import Choice, Subject

from .conftest import ballots, conference, started, vote

MODES = ("every-field", "required-fields", "nulls")


def sample(tp, mode: str = "every-field"):
    """A value of type `tp`: with every field set, only the required ones, or every field
    set and each optional value None (a sealed secret ballot's choice, a chair's message)."""
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        options = typing.get_args(tp)
        if mode == "nulls" and type(None) in options:
            return None
        return sample(next(a for a in options if a is not type(None)), mode)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return (sample(args[0], mode), sample(args[0], mode))
        return tuple(sample(a, mode) for a in args)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return list(tp)[-1]
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        fields = [f for f in dataclasses.fields(tp) if f.init]
        if mode == "required-fields":
            fields = [
                f
                for f in fields
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            ]
        return tp(**{f.name: sample(hints[f.name], mode) for f in fields})
    scalars = {str: "Delegation of Ruritania", int: 7, float: 12.5, bool: True}
    if tp in scalars:
        return scalars[tp]
    raise AssertionError(f"no sample for {tp!r}: teach this test the new field type")


def round_trip(value, load):
    return load(json.loads(json.dumps(dump(value))))


@pytest.mark.parametrize("name", sorted(COMMANDS))
@pytest.mark.parametrize("mode", MODES)
def test_every_command_type_round_trips_through_json(name, mode):
    command = sample(COMMANDS[name], mode)
    assert dump(command)["type"] == name
    assert round_trip(command, load_command) == command


@pytest.mark.parametrize("name", sorted(EVENTS))
@pytest.mark.parametrize("mode", MODES)
def test_every_event_type_round_trips_through_json(name, mode):
    event = sample(EVENTS[name], mode)
    assert dump(event)["type"] == name
    assert round_trip(event, load_event) == event


def test_every_command_the_engine_handles_is_readable_from_a_payload():
    """A command the engine handles but the codec cannot name could never arrive from a
    client; one the codec names but the engine lacks would be refused as unknown."""
    from game.rules.engine import APPLIERS, HANDLERS

    assert set(COMMANDS.values()) == set(HANDLERS)
    assert set(EVENTS.values()) == set(APPLIERS)


def test_a_real_vote_outcome_round_trips_with_its_bloc_tallies():
    """The stored DecisionClosed event is what a replay folds: the outcome, its tally and the
    per-bloc tallies come back equal."""
    state, outcome = vote(started(conference()), "clean", ballots(yes=5, no=3, abstain=1))
    event = e.DecisionClosed(outcome)
    assert round_trip(event, load_event) == event
    assert dump(event)["outcome"]["by_bloc"][0] == [
        "A",
        {
            "yes": 3,
            "no": 1,
            "abstain": 1,
            "not_participating": 0,
            "weighted_yes": 3,
            "weighted_no": 1,
        },
    ]


def test_a_clients_payload_becomes_a_command():
    command = load_command(
        {
            "type": "CallVote",
            "subject": {"kind": "item", "id": "clean"},
            "method": "roll_call",
            "seed": 3,
        }
    )
    assert command == c.CallVote(subject=Subject("item", "clean"), method="roll_call", seed=3)
    assert load_command(
        {"type": "SendMessage", "audience": "delegations", "text": "Hi", "to": ["D02", "D03"]}
    ).to == ("D02", "D03")
    ballot = load_command({"type": "CastBallot", "choice": "abstain", "at": 5})
    assert (ballot.choice, ballot.at) == (Choice.ABSTAIN, 5.0)
    assert ballot.choice is Choice.ABSTAIN


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (["CastBallot"], "A command must be a JSON object with a 'type'."),
        ("CastBallot", "A command must be a JSON object with a 'type'."),
        ({"choice": "yes"}, "Unknown command type None."),
        ({"type": "Teleport"}, "Unknown command type 'Teleport'."),
        ({"type": ["CastBallot"]}, "Unknown command type ['CastBallot']."),
        ({"type": "Command"}, "Unknown command type 'Command'."),
        (
            {"type": "BallotCast", "decision": "D1", "delegation": "D01", "choice": "yes"},
            "Unknown command type 'BallotCast'.",
        ),
        (
            {"type": "CastBallot", "choice": "yes", "colour": "red"},
            "CastBallot has no field 'colour'.",
        ),
        ({"type": "CastBallot"}, "CastBallot.choice is missing."),
        (
            {"type": "CastBallot", "choice": "maybe"},
            "CastBallot.choice must be one of 'yes', 'no', 'abstain', not 'maybe'.",
        ),
        (
            {"type": "CastBallot", "choice": None},
            "CastBallot.choice must be one of 'yes', 'no', 'abstain', not None.",
        ),
        (
            {"type": "CastBallot", "choice": "yes", "on_behalf_of": 5},
            "CastBallot.on_behalf_of must be text.",
        ),
        ({"type": "CastBallot", "choice": "yes", "at": "noon"}, "CastBallot.at must be a number."),
        ({"type": "CastBallot", "choice": "yes", "at": True}, "CastBallot.at must be a number."),
        (
            {
                "type": "CallVote",
                "subject": {"kind": "item", "id": "clean"},
                "method": "roll_call",
                "seed": "7",
            },
            "CallVote.seed must be a whole number.",
        ),
        (
            {
                "type": "CallVote",
                "subject": {"kind": "item", "id": "clean"},
                "method": "roll_call",
                "seed": 7.5,
            },
            "CallVote.seed must be a whole number.",
        ),
        (
            {"type": "CallVote", "subject": "clean", "method": "roll_call"},
            "CallVote.subject must be an object.",
        ),
        (
            {"type": "CallVote", "subject": {"kind": "item"}, "method": "roll_call"},
            "CallVote.subject.id is missing.",
        ),
        (
            {
                "type": "CallVote",
                "subject": {"kind": "item", "id": "clean", "rule": "x"},
                "method": "roll_call",
            },
            "CallVote.subject has no field 'rule'.",
        ),
        (
            {"type": "SendMessage", "audience": "delegations", "text": "Hi", "to": "D02"},
            "SendMessage.to must be a list.",
        ),
        (
            {"type": "SendMessage", "audience": "delegations", "text": "Hi", "to": ["D02", 3]},
            "SendMessage.to[1] must be text.",
        ),
        (
            {"type": "SendMessage", "audience": "public", "text": ["Hi"]},
            "SendMessage.text must be text.",
        ),
        (
            {"type": "SetCredentials", "delegation": "D01", "credentials": "royal"},
            "SetCredentials.credentials must be one of 'vote_and_sign', 'sign_only', 'none', 'absent', not 'royal'.",
        ),
        (
            {"type": "SignFinalActs", "kind": "maybe"},
            "SignFinalActs.kind must be one of 'signed', 'reservation', 'declaration', 'declined', not 'maybe'.",
        ),
    ],
)
def test_a_malformed_payload_is_refused_naming_what_is_wrong(payload, message):
    with pytest.raises(InvalidCommand) as raised:
        load_command(payload)
    assert raised.value.message == message
    assert raised.value.code == "invalid_command"


def test_a_list_of_more_than_five_hundred_entries_is_refused():
    """Size limits on every field: a private message to 501 delegations is malformed."""
    with pytest.raises(InvalidCommand) as raised:
        load_command(
            {"type": "SendMessage", "audience": "delegations", "text": "Hi", "to": ["D02"] * 501}
        )
    assert raised.value.message == "SendMessage.to has more than 500 entries."


def test_a_malformed_stored_event_is_refused_naming_the_field():
    with pytest.raises(InvalidCommand) as raised:
        load_event(
            {"type": "BallotCast", "decision": "D1", "delegation": "D01", "choice": "perhaps"}
        )
    assert raised.value.message.startswith("BallotCast.choice must be one of")
    with pytest.raises(InvalidCommand) as raised:
        load_event({"type": "CastBallot", "choice": "yes"})
    assert raised.value.message == "Unknown event type 'CastBallot'."


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@given(st.sampled_from(sorted(COMMANDS)), st.data())
def test_any_json_in_any_field_is_a_command_or_an_invalid_command(name, data):
    """Whatever a client sends, reading it yields a command or an InvalidCommand, never
    another exception."""
    payload = dump(sample(COMMANDS[name]))
    field = data.draw(st.sampled_from(sorted(payload)))
    payload[field] = data.draw(JSON)
    try:
        command = load_command(payload)
    except InvalidCommand as error:
        assert error.message
    else:
        assert isinstance(command, COMMANDS[name])


@given(JSON)
def test_any_json_value_is_a_command_or_an_invalid_command(value):
    try:
        load_command(value)
    except InvalidCommand as error:
        assert error.message
