"""Rule-book tests for drafting: bracketed text, amendments, readings (game/rules/drafting.py
and game/rules/text.py)."""

from __future__ import annotations

import pytest

from game.rules import Actor, InvalidCommand, RuleViolation, execute, text
from game.rules import commands as c
from game.rules.values import Decision, Subject

from .conftest import CHAIR, ballots, conference, run, started, vote

D01, D02, D03 = Actor.delegate("D01"), Actor.delegate("D02"), Actor.delegate("D03")


def test_brackets_parse_into_numbered_alternatives():
    """A bracket offers alternatives separated by '|'; a lone option means keep or delete."""
    segments = text.parse("States shall [endeavour to | ] ensure security [and robustness].")
    found = text.brackets(segments)
    assert [b.id for b in found] == ["b1", "b2"]
    assert found[0].options == ("endeavour to", "")
    assert found[1].choices == ("and robustness", "")
    assert text.render(segments) == "States shall [endeavour to | ] ensure security [and robustness]."


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("States shall [ensure", "The bracket opened at character 14 is never closed."),
        ("States shall] ensure", "A closing bracket at character 13 has no opening bracket."),
        ("[a [b] c]", "Brackets cannot nest (character 4)."),
    ],
)
def test_malformed_brackets_are_refused_with_the_position(bad, message):
    with pytest.raises(InvalidCommand) as error:
        text.parse(bad)
    assert error.value.message == message


def test_an_adopted_amendment_to_a_bracket_resolves_it_and_lapses_rivals():
    """A bracket is resolved by decision: the adopted amendment's text replaces it, and other
    amendments to the same bracket lapse because their text is gone."""
    state = started(conference())
    state = run(state, D01, c.ProposeAmendment(item="bracketed", bracket="b1", text="endeavour to"))
    state = run(state, D02, c.ProposeAmendment(item="bracketed", bracket="b1", text=""))
    state, outcome = vote(state, "A1", ballots(7, 2), kind="amendment")
    assert outcome.decision is Decision.ADOPTED
    assert state.items["bracketed"].text == "Member States shall endeavour to ensure security [and robustness]."
    assert state.amendments["A2"].status == "lapsed"


def test_deleting_a_bracket_leaves_clean_text():
    """An empty option deletes the bracketed words, without a double space."""
    state = started(conference())
    state = run(state, D01, c.ProposeAmendment(item="bracketed", bracket="b2", text=""))
    state = run(state, CHAIR, c.AcceptAmendment(amendment="A1"))
    assert state.items["bracketed"].text == "Member States shall [endeavour to | ] ensure security."


def test_a_rejected_amendment_leaves_the_text_as_it_was():
    state = started(conference())
    before = state.items["bracketed"].text
    state = run(state, D01, c.ProposeAmendment(item="bracketed", bracket="b1", text="endeavour to"))
    state, outcome = vote(state, "A1", ballots(2, 7), kind="amendment")
    assert outcome.decision is Decision.REJECTED
    assert state.items["bracketed"].text == before
    assert state.amendments["A1"].status == "rejected"


def test_a_whole_text_amendment_may_open_new_brackets_with_fresh_numbers():
    """An amendment replacing an item's whole text may itself hold brackets; they are numbered
    after the old ones so that no bracket id is reused."""
    state = started(conference())
    state = run(state, D01, c.ProposeAmendment(item="bracketed", text="Member States [shall | should] cooperate."))
    state = run(state, CHAIR, c.AcceptAmendment(amendment="A1"))
    assert [b.id for b in state.items["bracketed"].brackets] == ["b3"]


def test_co_sponsors_join_and_only_the_proposer_withdraws():
    """Delegations co-sponsor an amendment; its proposer alone may withdraw it."""
    state = started(conference())
    state = run(state, D01, c.ProposeAmendment(item="clean", text="Member States shall cooperate closely."))
    state = run(state, D03, c.CosponsorAmendment(amendment="A1"))
    assert state.amendments["A1"].sponsors == ("D01", "D03")
    with pytest.raises(RuleViolation) as error:
        execute(state, D03, c.WithdrawAmendment(amendment="A1"))
    assert error.value.code == "not_sponsor"
    state = run(state, D01, c.WithdrawAmendment(amendment="A1"))
    assert state.amendments["A1"].status == "withdrawn"
    with pytest.raises(RuleViolation):
        execute(state, CHAIR, c.CallVote(subject=Subject("amendment", "A1"), method="show_of_hands"))


def test_a_100_kb_amendment_is_refused_and_changes_nothing():
    """Every text has a size limit; an oversized amendment is a malformed command."""
    state = started(conference())
    with pytest.raises(InvalidCommand) as error:
        execute(state, D01, c.ProposeAmendment(item="clean", text="x" * 100_000))
    assert error.value.message == "The amendment's text is 100,000 characters long; the limit is 4,000."
    assert state.amendments == {}


def test_a_bracket_amendment_must_be_agreed_text():
    with pytest.raises(InvalidCommand):
        execute(started(conference()), D01, c.ProposeAmendment(item="bracketed", bracket="b1", text="[x | y]"))


def test_an_amendment_to_a_bracket_that_does_not_exist_is_refused():
    with pytest.raises(RuleViolation) as error:
        execute(started(conference()), D01, c.ProposeAmendment(item="bracketed", bracket="b9", text="x"))
    assert error.value.code == "no_such_bracket"


def test_the_chair_cannot_propose_amendments_only_delegations_can():
    with pytest.raises(RuleViolation) as error:
        execute(started(conference()), CHAIR, c.ProposeAmendment(item="clean", text="x"))
    assert error.value.code == "delegates_only"


def test_readings_advance_one_at_a_time_up_to_the_rules_number():
    state = started(conference(readings=2))
    state = run(state, CHAIR, c.AdvanceReading(item="clean"))
    state = run(state, CHAIR, c.AdvanceReading(item="clean"))
    assert state.items["clean"].reading == 2
    with pytest.raises(RuleViolation) as error:
        execute(state, CHAIR, c.AdvanceReading(item="clean"))
    assert error.value.code == "last_reading"


def test_an_amendment_shows_as_a_word_diff():
    """Amendments are shown as a diff of the text they change."""
    diff = text.word_diff("States shall ensure security.", "States shall endeavour to ensure security.")
    assert diff == (("=", "States shall"), ("+", "endeavour to"), ("=", "ensure security."))
