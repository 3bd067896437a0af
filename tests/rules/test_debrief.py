"""The debrief's walk of a log (game/rules/debrief.py): every version of each text, with
its diff, brackets opened and closed and who proposed the change; each decision with what a
re-tally needs; agreement over time; the line along which the conference split; history's
topics matched to agenda items."""

from __future__ import annotations

from game.rules import Actor, analysis, execute, initial
from game.rules import commands as c
from game.rules.debrief import agreement_over_time, history_topic, split_line, walk
from game.rules.values import Subject

from .conftest import CHAIR, conference


def test_each_version_of_a_text_says_what_changed_and_who_proposed_it():
    records = _records()
    result = walk(conference(6), records)
    versions = result.texts["bracketed"]
    assert [v.cause for v in versions] == ["start", "amendment", "amendment", "decision"]
    first, accepted, deleted, adopted = versions
    assert first.opened == ("[endeavour to | ]", "[and robustness]")
    assert accepted.amendment == "A1" and accepted.by == ("D01", "D03")
    assert accepted.closed == ("[endeavour to | ]",) and accepted.opened == ()
    assert accepted.diff == (("=", "Member States shall"), ("-", "[endeavour to | ]"), ("+", "endeavour to"), ("=", "ensure security [and robustness]."))
    assert accepted.text == "Member States shall endeavour to ensure security [and robustness]."
    assert deleted.closed == ("[and robustness]",) and deleted.text == "Member States shall endeavour to ensure security."
    assert adopted.status == "adopted" and adopted.diff == ()


def test_each_decision_keeps_what_a_retally_needs():
    result = walk(conference(6), _records())
    roll, amendment, secret = result.decisions
    assert roll.named and roll.order and dict(roll.outcome.ballots)["D02"].value == "no"
    assert roll.question.entitled_weight == 6
    assert amendment.outcome.subject == Subject("amendment", "A2")
    assert not secret.named and secret.voted == ("D01", "D02", "D03")


def test_agreement_over_time_ends_where_the_analysis_of_every_named_vote_does():
    result = walk(conference(6), _records())
    steps = agreement_over_time(result.decisions)
    assert len(steps) == 2, "the secret ballot is never analysed by delegation"
    final = {pair: same / both for pair, (same, both) in steps[-1][1].items()}
    ballots = {r.outcome.decision_id: dict(r.outcome.ballots) for r in result.decisions}
    assert final == analysis.agreement(analysis.named_votes(result.final.outcomes, ballots))
    assert steps[0][1][("D01", "D03")] == (1, 1) and steps[1][1][("D01", "D02")] == (0, 2)


def test_without_a_signing_the_split_is_the_last_named_votes():
    line = split_line(walk(conference(6), _records()))
    assert line.basis == "D2"
    assert line.sides[0].delegations == ("D02", "D04", "D05", "D06") and line.sides[1].delegations == ("D01", "D03")
    assert dict(line.blocs) == {"A": "divided", "B": "in favour"}


def test_history_topics_are_matched_to_agenda_items_by_their_ids():
    spec = conference(2, agenda=(*conference(2).agenda,))
    assert history_topic(spec, "clean") == "clean"
    assert history_topic(spec, "bracketed-text") == "bracketed"
    assert history_topic(spec, "why-it-matters") is None


def _records():
    """A bracket settled by an accepted amendment, another deleted by an adopted one, two
    named votes and a secret ballot: every record execute stores, from seq 1."""
    records = []
    state = initial(conference(6))

    def do(actor, command):
        nonlocal state
        state, new = execute(state, actor, command)
        records.extend(new)

    do(CHAIR, c.StartSession())
    do(Actor.delegate("D01"), c.ProposeAmendment(item="bracketed", bracket="b1", text="endeavour to"))
    do(Actor.delegate("D03"), c.CosponsorAmendment(amendment="A1"))
    do(CHAIR, c.AcceptAmendment(amendment="A1"))
    for subject, choices, method in (
        (Subject("item", "clean"), {"D01": "yes", "D02": "no", "D03": "yes", "D04": "no", "D05": "yes", "D06": "abstain"}, "roll_call"),
        ("propose", None, None),
        (Subject("amendment", "A2"), {"D01": "no", "D02": "yes", "D03": "no", "D04": "yes", "D05": "yes", "D06": "yes"}, "show_of_hands"),
        (Subject("item", "bracketed"), {"D01": "yes", "D02": "yes", "D03": "yes"}, "secret_ballot"),
    ):
        if subject == "propose":
            do(Actor.delegate("D02"), c.ProposeAmendment(item="bracketed", bracket="b2", text=""))
            continue
        do(CHAIR, c.CallVote(subject=subject, method=method))
        for delegation, choice in choices.items():
            do(Actor.delegate(delegation), c.CastBallot(choice=choice))
        do(CHAIR, c.CloseDecision())
    return records
