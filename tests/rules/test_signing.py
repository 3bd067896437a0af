"""Rule-book tests for signing the Final Acts (game/rules/signing.py).

Sources (../shared/reference/rules-of-procedure.json, itu_conference):
- signature_final_acts: the Final Acts "as established and approved at the end of the
  conference and presented for signature by Member States in accordance with No. 162 of the
  General Rules"; signing is per state and optional.
- reservations (ITU Convention Art. 32B): a delegation whose government cannot consent to be
  bound may make reservations at the end of the conference.
- credentials (ITU Convention Art. 31): a delegation may vote and sign the Final Acts only
  when the Plenary finds its credentials in order.
"""

from __future__ import annotations

import pytest

from game.rules import Actor, InvalidCommand, RuleViolation, execute
from game.rules import commands as c
from game.rules import events as e
from game.rules.model import Credentials
from game.rules.signing import split
from game.rules.state import Signature
from game.rules.values import Choice, SignatureKind, Subject

from .conftest import CHAIR, ballots, conference, run, started, vote

SIGNED, RESERVATION, DECLARATION, DECLINED = SignatureKind


def adopted(state, item="clean"):
    state, outcome = vote(state, item, ballots(yes=6))
    assert outcome.decision.value == "adopted"
    return state


def in_signing(state=None):
    """A conference whose clean article was adopted, now in the signing phase."""
    state = adopted(state or started(conference()))
    return run(state, CHAIR, c.ChangePhase(phase="signing"))


def signing_open(state=None):
    return run(in_signing(state), CHAIR, c.OpenSigning())


def sign(state, delegation, kind=SIGNED, text=""):
    return run(state, Actor.delegate(delegation), c.SignFinalActs(kind=kind, text=text))


def refused(state, actor, command, code):
    with pytest.raises(RuleViolation) as raised:
        execute(state, actor, command)
    assert raised.value.code == code
    return raised.value.message


def test_the_final_acts_are_the_adopted_texts():
    """ITU General Rules No. 162: the Final Acts are the texts established and approved by
    the conference; an article still in brackets is not among them."""
    state, records = execute(in_signing(), CHAIR, c.OpenSigning())
    assert [r.event for r in records] == [e.SigningOpened(("clean",))]
    assert state.final_acts == ("clean",)
    assert state.signing == "open"


def test_signing_cannot_open_before_any_text_is_adopted():
    """ITU General Rules No. 162: only texts approved by the conference are presented for
    signature."""
    state = run(started(conference()), CHAIR, c.ChangePhase(phase="signing"))
    message = refused(state, CHAIR, c.OpenSigning(), "nothing_adopted")
    assert message == "Nothing has been adopted, so there are no Final Acts to sign."


def test_signing_opens_only_in_a_phase_that_allows_signing():
    """The Final Acts are presented for signature at the end of the conference, in the
    phase the scenario sets aside for it, not during the plenary debate."""
    state = adopted(started(conference()))
    message = refused(state, CHAIR, c.OpenSigning(), "wrong_phase")
    assert message == "You cannot open the Final Acts for signature during Plenary."


def test_only_the_chair_opens_the_final_acts_for_signature():
    refused(in_signing(), Actor.delegate("D01"), c.OpenSigning(), "chair_only")


def test_signing_opens_once():
    refused(signing_open(), CHAIR, c.OpenSigning(), "signing_opened")


def test_a_delegation_signs_with_a_reservation_whose_text_is_kept():
    """ITU Convention Art. 32B: a delegation may make reservations at the end of the
    conference; the reservation's text is kept with its signature."""
    state, records = execute(
        signing_open(),
        Actor.delegate("D02"),
        c.SignFinalActs(kind=RESERVATION, text="  Reserves its position on Article 1.  "),
    )
    assert [r.event for r in records] == [
        e.FinalActsSigned("D02", RESERVATION, "Reserves its position on Article 1.")
    ]
    assert state.signatures["D02"] == Signature(RESERVATION, "Reserves its position on Article 1.")


def test_a_delegation_signs_declines_or_signs_with_a_declaration():
    """ITU General Rules No. 162: signing is per state and optional; a signature may carry a
    declaration, and declining is recorded too."""
    state = signing_open()
    state = sign(state, "D01")
    state = sign(state, "D03", DECLARATION, "Interprets Article 1 as non-binding.")
    state = sign(state, "D04", DECLINED, "ignored")
    assert state.signatures == {
        "D01": Signature(SIGNED),
        "D03": Signature(DECLARATION, "Interprets Article 1 as non-binding."),
        "D04": Signature(DECLINED),
    }
    result = split(state)
    assert (result.signed, result.with_reservation, result.declined) == (2, 1, 1)


def test_a_reservation_without_text_is_refused():
    """ITU Convention Art. 32B: a reservation states what the government does not consent
    to; an empty one says nothing, and the delegation may still answer properly."""
    state = signing_open()
    with pytest.raises(InvalidCommand) as raised:
        sign(state, "D02", RESERVATION, "   ")
    assert raised.value.message == "The reservation's text cannot be empty."
    assert "D02" not in state.signatures
    assert sign(state, "D02", RESERVATION, "On Article 1.").signatures["D02"].kind is RESERVATION


def test_a_declaration_without_text_is_refused():
    with pytest.raises(InvalidCommand):
        sign(signing_open(), "D02", DECLARATION)


def test_a_delegation_with_credentials_to_sign_only_signs_but_does_not_vote():
    """ITU Convention Art. 31: credentials may entitle a delegation to sign the Final Acts
    without entitling it to vote."""
    state = run(
        started(conference()),
        CHAIR,
        c.SetCredentials(delegation="D09", credentials=Credentials.SIGN_ONLY),
    )
    state = run(state, CHAIR, c.CallVote(subject=Subject("item", "clean"), method="roll_call"))
    assert "D09" not in state.decision.order
    message = refused(state, Actor.delegate("D09"), c.CastBallot(choice=Choice.YES), "not_entitled")
    assert message == "Delegation 09 is not entitled to vote on this question."
    for delegation in ("D01", "D02", "D03", "D04", "D05", "D06"):
        state = run(state, Actor.delegate(delegation), c.CastBallot(choice=Choice.YES))
    state = run(state, CHAIR, c.CloseDecision())
    assert state.outcomes[-1].entitled == 9

    state = run(run(state, CHAIR, c.ChangePhase(phase="signing")), CHAIR, c.OpenSigning())
    state = sign(state, "D09")
    assert state.signatures["D09"] == Signature(SIGNED)


def test_a_delegation_without_credentials_cannot_sign():
    """ITU Convention Art. 31: a delegation signs only when its credentials are in order; it
    is not counted among those entitled to sign."""
    state = run(
        started(conference()),
        CHAIR,
        c.SetCredentials(delegation="D10", credentials=Credentials.NONE),
    )
    state = signing_open(state)
    message = refused(state, Actor.delegate("D10"), c.SignFinalActs(), "may_not_sign")
    assert message == "Delegation 10's credentials do not entitle it to sign the Final Acts."
    assert split(state).eligible == 9


def test_the_split_reads_like_wcit_and_counts_each_bloc():
    """The result is reported as a split among the delegations entitled to sign, as WCIT-12's
    was (89 signed, 55 did not sign, of 144 accredited; ../shared/reference/wcit12-facts.json);
    a delegation that declined and one that never answered both did not sign."""
    state = signing_open()
    for delegation in ("D01", "D02", "D03", "D04", "D05", "D06", "D07"):
        state = sign(state, delegation)
    state = sign(state, "D08", DECLINED)
    result = split(state)
    assert result.describe() == "7 signed, 3 did not sign (of 10 entitled to sign)"
    assert result.by_bloc == (("A", 4, 1), ("B", 3, 2))

    state, records = execute(state, CHAIR, c.CloseSigning())
    assert [r.event for r in records] == [e.SigningClosed(signed=7, not_signed=3, eligible=10)]
    assert state.signing == "done"


def test_the_split_counts_reservations_and_declarations_as_signatures_and_says_so():
    """ITU Convention Art. 32B: a signature with a reservation is still a signature."""
    state = signing_open()
    state = sign(state, "D01")
    state = sign(state, "D02", RESERVATION, "On Article 1.")
    state = sign(state, "D03", DECLARATION, "On Article 1.")
    assert (
        split(state).describe()
        == "3 signed, 7 did not sign (of 10 entitled to sign); 2 with reservations or declarations"
    )


def test_a_delegation_answers_the_final_acts_once():
    """A signature, once given (or refused), is on the record; it is not given twice."""
    state = sign(signing_open(), "D01")
    message = refused(state, Actor.delegate("D01"), c.SignFinalActs(), "already_signed")
    assert message == "Your delegation has already given its answer on the Final Acts."
    state = sign(state, "D02", DECLINED)
    refused(state, Actor.delegate("D02"), c.SignFinalActs(), "already_signed")


def test_nobody_signs_before_signing_opens_or_after_it_closes():
    refused(in_signing(), Actor.delegate("D01"), c.SignFinalActs(), "signing_not_open")
    closed = run(signing_open(), CHAIR, c.CloseSigning())
    refused(closed, Actor.delegate("D01"), c.SignFinalActs(), "signing_not_open")
    refused(closed, CHAIR, c.CloseSigning(), "signing_not_open")


def test_only_a_delegation_signs_and_only_the_chair_closes_the_signing():
    state = signing_open()
    refused(state, CHAIR, c.SignFinalActs(), "delegates_only")
    refused(state, Actor.delegate("D01"), c.CloseSigning(), "chair_only")


def test_a_delegation_out_of_the_room_cannot_sign_until_it_returns():
    """Signing the Final Acts is done in person by a delegation present at the conference."""
    state = run(started(conference()), CHAIR, c.MarkPresence(delegation="D09", present=False))
    state = signing_open(state)
    refused(state, Actor.delegate("D09"), c.SignFinalActs(), "absent")
    state = run(run(state, CHAIR, c.MarkPresence(delegation="D09", present=True)), Actor.delegate("D09"), c.SignFinalActs())
    assert state.signatures["D09"].kind is SIGNED
