"""Hypothesis-made socket payloads: whatever arrives as a `command` or a `hello`, the server
answers with an acknowledgement ({"ok": false, "error": {code, message}} for anything it
refuses), keeps the connection, and stores nothing it should not."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.rules import codec

from .conftest import log_seq, paced

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))

scalars = st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30) | st.floats(allow_nan=False) | st.text(max_size=60)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5), max_leaves=20)
command_types = st.sampled_from(sorted(codec.COMMANDS)) | st.text(max_size=20)
shaped = st.fixed_dictionaries({"type": command_types}, optional={"choice": json_values, "text": json_values, "subject": json_values,
                                                                 "delegation": json_values, "player": json_values, "seconds": json_values,
                                                                 "to": json_values, "audience": json_values})
payloads = json_values | shaped


def well_formed_refusal(answer) -> bool:
    return (isinstance(answer, dict) and answer.get("ok") is False and isinstance(answer["error"]["code"], str)
            and isinstance(answer["error"]["message"], str) and answer["error"]["message"])


@pytest.fixture
def watchers(conference):
    """A projector and a student still in the lobby: neither may change anything."""
    student = conference.student("Lobby Larry")
    return conference, conference.projector(), student.client


def test_the_projector_and_a_player_in_the_lobby_change_nothing_whatever_they_send(watchers):
    conference, projector, lobby = watchers
    seq = log_seq(conference.server, conference.session_id)

    @SETTINGS
    @given(payload=payloads, sender=st.sampled_from(["projector", "lobby"]))
    def check(payload, sender):
        answer = paced(projector if sender == "projector" else lobby, "command", payload)
        assert well_formed_refusal(answer), answer
        assert answer["error"]["code"] != "rate_limited"

    check()
    assert log_seq(conference.server, conference.session_id) == seq, "nothing was stored"
    assert projector.sio.connected and lobby.sio.connected


def test_malformed_commands_from_a_seated_delegate_are_refused_and_change_nothing(conference):
    usa = conference.student("Ada", "USA")
    seq = log_seq(conference.server, conference.session_id)

    @SETTINGS
    @given(payload=json_values.filter(lambda v: not isinstance(v, dict)) | shaped.map(lambda d: {**d, "zz_unknown": 1}))
    def check(payload):
        answer = paced(usa.client, "command", payload)
        assert well_formed_refusal(answer), answer
        assert answer["error"]["code"] == "invalid_command", answer

    check()
    assert log_seq(conference.server, conference.session_id) == seq
    assert usa.client.sio.connected


def test_any_hello_gets_an_answer_and_changes_nothing(conference):
    chair = conference.chair()
    seq = log_seq(conference.server, conference.session_id)

    @SETTINGS
    @given(payload=json_values | st.fixed_dictionaries({"last_seq": json_values}))
    def check(payload):
        answer = paced(chair, "hello", payload)
        assert isinstance(answer, dict)
        if answer["ok"]:
            assert answer["seq"] == seq
        else:
            assert well_formed_refusal(answer) and answer["error"]["code"] == "invalid_command", answer

    check()
    assert log_seq(conference.server, conference.session_id) == seq
