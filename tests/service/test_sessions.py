"""The service end to end: a conference played from opening to signing, commands refused
without changing anything, and the log as the single source of truth."""

from __future__ import annotations

import pytest

from game.rules import Actor, InvalidCommand, RuleViolation
from game.rules import commands as c
from game.rules import events as e
from game.rules.values import Choice, Decision, SignatureKind, Subject
from game.service import UnknownSession

CHAIR = Actor.chair()
USA, RUS, KEN = Actor.delegate("USA", "p1"), Actor.delegate("RUS", "p2"), Actor.delegate("KEN", "p3")


def seat_three(service, session_id):
    for player, name, seat in (("p1", "Ada", "USA"), ("p2", "Boris", "RUS"), ("p3", "Wanjiru", "KEN")):
        service.handle(session_id, CHAIR, c.SeatPlayer(player=player, name=name, delegation=seat))


def decide(service, clock, session_id, subject, votes):
    """ITU practice: seek consensus; if blocked, vote by roll-call. Returns the last outcome."""
    service.handle(session_id, CHAIR, c.CallForObjections(subject=subject, seconds=30))
    service.handle(session_id, CHAIR, c.RunAutopilot(seed=7))
    state = service.state(session_id)
    if not state.decision.objections:
        clock.advance(31)
        service.tick(session_id)
        return service.state(session_id).outcomes[-1]
    blocked = service.handle(session_id, CHAIR, c.CloseDecision()).state
    rule = blocked.spec.rules[blocked.outcomes[-1].rule]
    if not rule.methods:
        return blocked.outcomes[-1]
    service.handle(session_id, CHAIR, c.CallVote(subject=subject, method="roll_call"))
    for actor, choice in votes.items():
        service.handle(session_id, actor, c.CastBallot(choice=choice))
    service.handle(session_id, CHAIR, c.RunAutopilot(seed=7))
    return service.handle(session_id, CHAIR, c.CloseDecision()).state.outcomes[-1]


def test_the_classroom_starter_plays_from_opening_to_signing_with_autopilot_seats(service, clock, starter):
    session_id = service.create_session(starter)
    seat_three(service, session_id)
    service.handle(session_id, USA, c.RequestFloor())
    service.handle(session_id, CHAIR, c.GiveFloor())
    service.handle(session_id, USA, c.YieldFloor())
    service.handle(session_id, CHAIR, c.ChangePhase(phase="negotiation"))
    service.handle(session_id, CHAIR, c.FireInject(inject="leak"))
    service.handle(session_id, USA, c.ProposeAmendment(item="preamble", bracket="b1", text="human rights obligations"))
    service.handle(session_id, KEN, c.ProposeAmendment(item="preamble", bracket="b2", text=""))
    service.handle(session_id, RUS, c.ProposeAmendment(item="art5a", bracket="b1", text="in order to achieve effective use thereof and avoidance of technical harm thereto"))
    service.handle(session_id, RUS, c.ProposeAmendment(item="res-internet", text="The Conference invites Member States to elaborate on their respective positions on international Internet-related technical, development and public-policy issues within the mandate of ITU."))
    service.handle(session_id, CHAIR, c.ChangePhase(phase="decisions"))
    outcomes = []
    for amendment in ("A1", "A2", "A3", "A4"):
        votes = {USA: Choice.YES, RUS: Choice.YES, KEN: Choice.YES}
        outcomes.append(decide(service, clock, session_id, Subject("amendment", amendment), votes))
    state = service.state(session_id)
    open_items = [i for i in ("preamble", "art5a", "res-internet") if not state.items[i].brackets]
    for item in open_items:
        service.handle(session_id, CHAIR, c.AdvanceReading(item=item))
        outcomes.append(decide(service, clock, session_id, Subject("item", item), {USA: Choice.NO, RUS: Choice.YES, KEN: Choice.YES}))
    state = service.state(session_id)
    adopted = [i for i in ("preamble", "art5a", "res-internet") if state.items[i].status == "adopted"]
    assert adopted, [o.reason for o in outcomes]
    assert all(o.reason for o in outcomes)

    service.handle(session_id, CHAIR, c.ChangePhase(phase="signing"))
    service.handle(session_id, CHAIR, c.OpenSigning())
    service.handle(session_id, USA, c.SignFinalActs(kind=SignatureKind.DECLINED))
    service.handle(session_id, RUS, c.SignFinalActs())
    service.handle(session_id, KEN, c.SignFinalActs(kind=SignatureKind.DECLARATION, text="Kenya reads Article 5A as excluding content."))
    service.handle(session_id, CHAIR, c.RunAutopilot(seed=7))
    final = service.handle(session_id, CHAIR, c.CloseSigning()).state

    closed = final.outcomes
    assert final.signing == "done"
    assert len(final.signatures) == 6, "every seat answered, the three players and the three on autopilot"
    assert final.signatures["SAU"].kind is SignatureKind.RESERVATION
    assert "Kingdom of Saudi Arabia reserves" in final.signatures["SAU"].text
    assert final.signatures["KEN"].text == "Kenya reads Article 5A as excluding content."
    signed = sum(1 for s in final.signatures.values() if s.kind.is_signature)
    last = service.log(session_id)[-1].event
    assert isinstance(last, e.SigningClosed)
    assert (last.signed, last.not_signed, last.eligible) == (signed, 6 - signed, 6)
    assert final.seq == service.store.last_seq(session_id)
    assert closed == service.state(session_id, upto=final.seq).outcomes


def test_a_refused_command_changes_nothing_and_says_why(service, starter):
    session_id = service.create_session(starter)
    seat_three(service, session_id)
    before = service.store.last_seq(session_id)
    with pytest.raises(RuleViolation) as wrong_role:
        service.handle(session_id, USA, c.ChangePhase(phase="decisions"))
    with pytest.raises(InvalidCommand) as too_long:
        service.handle(session_id, USA, c.SendMessage(audience="public", text="x" * 100_000))
    with pytest.raises(InvalidCommand) as malformed:
        service.handle_payload(session_id, USA, {"type": "CastBallot", "choice": "maybe"})
    with pytest.raises(InvalidCommand) as unknown:
        service.handle_payload(session_id, USA, {"type": "OpenTheBar"})
    assert wrong_role.value.message == "Only the chair may move the conference to another phase."
    assert too_long.value.message == "The message is 100,000 characters long; the limit is 4,000."
    assert malformed.value.message == "CastBallot.choice must be one of 'yes', 'no', 'abstain', not 'maybe'."
    assert unknown.value.message == "Unknown command type 'OpenTheBar'."
    assert service.store.last_seq(session_id) == before


def test_an_unknown_session_is_a_clear_error(service):
    with pytest.raises(UnknownSession) as error:
        service.state("nope")
    assert error.value.message == "There is no session 'nope'."


def test_the_state_rebuilt_from_snapshots_and_log_equals_the_live_state(service, store, clock, starter):
    """Snapshots are a cache: a fresh service folding from the store agrees with the live one."""
    session_id = service.create_session(starter)
    for i in range(60):
        clock.advance(1)
        service.handle(session_id, Actor.delegate("SWE"), c.SendMessage(audience="public", text=f"statement {i}"))
    live = service.state(session_id)
    from game.service import Service

    fresh = Service(store, clock=clock)
    assert fresh.state(session_id) == live
    assert fresh.state(session_id, upto=30).seq == 30
    assert fresh.state(session_id, upto=30).messages == 29


def test_two_services_on_one_store_keep_one_linear_log(store, clock, starter):
    """Two server processes share a database: each decides on the log as it finds it, and a
    stale one retries instead of overwriting."""
    from game.service import Service

    first, second = Service(store, clock=clock), Service(store, clock=clock)
    session_id = first.create_session(starter)
    first.state(session_id)
    second.state(session_id)
    first.handle(session_id, Actor.delegate("USA"), c.SendMessage(audience="public", text="one"))
    second.handle(session_id, Actor.delegate("RUS"), c.SendMessage(audience="public", text="two"))
    log = first.log(session_id)
    assert [r.seq for r in log] == list(range(1, len(log) + 1))
    assert [r.event.text for r in log if isinstance(r.event, e.MessageSent)] == ["one", "two"]
    assert first.state(session_id).messages == 2


def test_a_player_acts_as_their_seat_stands_when_the_command_is_decided(store, clock, starter):
    """A process decides on the state it holds; when another process moved the player since,
    the append loses the seq race and the command is decided again, as the new seat."""
    from game.service import Service

    first, second = Service(store, clock=clock), Service(store, clock=clock)
    session_id = first.create_session(starter)
    first.handle(session_id, CHAIR, c.SeatPlayer(player="p1", name="Ada", delegation="USA"))
    second.handle(session_id, CHAIR, c.SeatPlayer(player="p1", name="Ada", delegation="RUS"))
    stale = first.held(session_id).actor_of("p1")
    assert stale == Actor.delegate("USA", "p1")  # what the first process still believes

    first.handle(session_id, stale, c.SendMessage(audience="public", text="as whom?"), player="p1")
    said = first.log(session_id)[-1]
    assert isinstance(said.event, e.MessageSent) and said.event.text == "as whom?"
    assert said.actor == str(Actor.delegate("RUS", "p1"))


def test_a_removed_players_command_is_refused_even_where_the_removal_is_not_yet_known(store, clock, starter):
    from game.service import Service

    first, second = Service(store, clock=clock), Service(store, clock=clock)
    session_id = first.create_session(starter)
    first.handle(session_id, CHAIR, c.SeatPlayer(player="p1", name="Ada", delegation="USA"))
    second.handle(session_id, CHAIR, c.RemovePlayer(player="p1"))
    before = len(first.log(session_id))
    with pytest.raises(RuleViolation) as refused:
        first.handle(session_id, Actor.delegate("USA", "p1"), c.SendMessage(audience="public", text="still here?"), player="p1")
    assert refused.value.code == "seat_revoked"
    assert len(first.log(session_id)) == before


def test_a_refusal_is_checked_against_the_log_before_it_is_given(store, clock, starter):
    """The first process holds a state with no question open; the second has put one. An
    objection through the first is stored, not refused as 'nothing to object to'."""
    from game.service import Service

    first, second = Service(store, clock=clock), Service(store, clock=clock)
    session_id = first.create_session(starter)
    seat_three(first, session_id)
    first.handle(session_id, CHAIR, c.ChangePhase(phase="negotiation"))
    first.handle(session_id, USA, c.ProposeAmendment(item="preamble", bracket="b1", text="human rights obligations"))
    second.handle(session_id, CHAIR, c.ChangePhase(phase="decisions"))
    second.handle(session_id, CHAIR, c.CallForObjections(subject=Subject("amendment", "A1")))
    assert first.held(session_id).decision is None

    stored = first.handle(session_id, RUS, c.RaiseObjection(reason="too broad"), player="p2")
    assert [type(r.event) for r in stored.records] == [e.ObjectionRaised]
    assert second.state(session_id).decision.objections == {"RUS": "too broad"}


def test_a_decision_closes_itself_when_its_deadline_passes(service, clock, starter):
    """Consensus by silence: the server closes the call for objections at the deadline."""
    session_id = service.create_session(starter)
    service.handle(session_id, CHAIR, c.ChangePhase(phase="decisions"))
    service.handle(session_id, RUS, c.ProposeAmendment(item="art5a", bracket="b1", text="in order to achieve effective use thereof"))
    service.handle(session_id, CHAIR, c.CallForObjections(subject=Subject("amendment", "A1"), seconds=20))
    assert service.tick(session_id) == []
    clock.advance(21)
    closed = service.tick(session_id)
    assert [type(r.event).__name__ for r in closed] == ["DecisionClosed"]
    assert service.state(session_id).outcomes[-1].decision is Decision.ADOPTED


def test_the_projected_outcomes_are_exactly_what_the_generic_codec_writes():
    """The projection builds outcomes by hand for speed; it must not drift from the codec
    (named votes with ballots, blocs, objections, soundings, rough consensus)."""
    from game import scenario as scenarios
    from game.rules import codec
    from game.rules.unattended import play
    from game.service import projection

    for loaded in scenarios.bundled():
        if loaded.spec.course:
            for o in play(loaded.spec).state.outcomes:
                assert projection.outcome(o) == codec.dump(o), (loaded.id, o.decision_id)
