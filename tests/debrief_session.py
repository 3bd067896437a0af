"""A finished classroom-starter session with something of everything the debrief shows:
private, bloc and chair messages, news to one delegation, amendments, a consensus call
blocked and a roll-call after it, a secret ballot, a sounding, an item adopted, signing with
reservations. Shared by the service, web and browser tests of the replay.

Every back-channel message's text carries the word SECRET, so a test can look for it in
anything a viewer receives.
"""

from __future__ import annotations

from game.rules import commands as c
from game.rules import engine
from game.rules.state import SessionState
from game.rules.values import Actor, Choice, Placard, SignatureKind, Subject

CHAIR = Actor.chair()
PRIVATE = "SECRET: hold firm on 5A, whatever Moscow offers."
BLOC = "SECRET: our group votes yes on A1 together."
INSTRUCTION = "From the chair: Kenya, please speak first after the break."


def delegate(delegation: str) -> Actor:
    return Actor.delegate(delegation)


def play(service, clock, scenario) -> tuple[str, dict[int, SessionState]]:
    """Play the session through `service`, moving `clock` by hand; return its id and the live
    state after every seq (as `Service.handle` answered it)."""
    live: dict[int, SessionState] = {}
    session_id = service.create_session(scenario, title="Debrief practice")
    live[service.state(session_id).seq] = service.state(session_id)

    def do(actor: Actor, command: c.Command, seconds: float = 5) -> None:
        clock.advance(seconds)
        before = live[max(live)]
        result = service.handle(session_id, actor, command)
        # A command that stored several events: the live state between them is the one the
        # live path folded on the way (engine.execute), event by event.
        for record in result.records[:-1]:
            before = engine.evolve(before, record)
            live[record.seq] = before
        live[result.state.seq] = result.state

    do(CHAIR, c.SeatPlayer(player="p1", name="Ada", delegation="KEN"))
    do(delegate("USA"), c.SendMessage(audience="delegations", to=("SWE",), text=PRIVATE))
    do(delegate("RUS"), c.SendMessage(audience="bloc", text=BLOC))
    do(CHAIR, c.SendMessage(audience="delegations", to=("KEN",), text=INSTRUCTION))
    do(delegate("SWE"), c.SendMessage(audience="public", text="Sweden stands for human rights online."))
    do(CHAIR, c.FireInject(inject="nairobi"))
    do(CHAIR, c.FireInject(inject="leak"))
    do(delegate("USA"), c.RequestFloor())
    do(CHAIR, c.GiveFloor())
    do(delegate("USA"), c.YieldFloor())
    do(CHAIR, c.ChangePhase(phase="negotiation"))
    for item in ("preamble", "art5a", "res-internet"):
        do(CHAIR, c.AdvanceReading(item=item))
    do(delegate("RUS"), c.ProposeAmendment(item="art5a", bracket="b1", text="and shall cooperate to protect them against threats to national security"))
    do(delegate("CHN"), c.CosponsorAmendment(amendment="A1"))
    do(delegate("SWE"), c.ProposeAmendment(item="preamble", bracket="b1", text="human rights obligations"))
    do(delegate("USA"), c.CosponsorAmendment(amendment="A2"))
    do(delegate("KEN"), c.ProposeAmendment(item="preamble", bracket="b2", text="These Regulations recognize the right of access of Member States to international telecommunication services."))
    do(CHAIR, c.AcceptAmendment(amendment="A3"))
    do(CHAIR, c.ChangePhase(phase="decisions"))
    a1, a2 = Subject("amendment", "A1"), Subject("amendment", "A2")
    do(CHAIR, c.CallForObjections(subject=a1, seconds=30))
    do(delegate("USA"), c.RaiseObjection(reason="A licence to censor."))
    do(CHAIR, c.CloseDecision())
    do(CHAIR, c.CallVote(subject=a1, method="roll_call"))
    for delegation, choice in (("RUS", "yes"), ("CHN", "yes"), ("SAU", "yes"), ("USA", "no"), ("SWE", "no"), ("KEN", "abstain")):
        do(delegate(delegation), c.CastBallot(choice=Choice(choice)), 1)
    do(CHAIR, c.CloseDecision())
    do(CHAIR, c.CallForObjections(subject=a2, seconds=30))
    do(delegate("RUS"), c.RaiseObjection())
    do(CHAIR, c.CloseDecision())
    do(CHAIR, c.CallVote(subject=a2, method="secret_ballot"))
    for delegation, choice in (("RUS", "no"), ("CHN", "no"), ("SAU", "abstain"), ("USA", "yes"), ("SWE", "yes"), ("KEN", "yes")):
        do(delegate(delegation), c.CastBallot(choice=Choice(choice)), 1)
    do(CHAIR, c.CloseDecision())
    do(CHAIR, c.SoundRoom(subject=Subject("item", "res-internet")))
    for delegation, placard in (("RUS", "for"), ("CHN", "for"), ("SAU", "for"), ("USA", "against")):
        do(delegate(delegation), c.RaisePlacard(placard=Placard(placard)), 1)
    do(CHAIR, c.CloseDecision())
    do(CHAIR, c.CallForObjections(subject=Subject("item", "art5a"), seconds=30))
    do(CHAIR, c.CloseDecision(), 31)
    do(CHAIR, c.CallForObjections(subject=Subject("item", "preamble"), seconds=30))
    do(CHAIR, c.CloseDecision(), 31)
    do(CHAIR, c.ChangePhase(phase="signing"))
    do(CHAIR, c.OpenSigning())
    for delegation, kind, text in (
        ("RUS", "signed", ""), ("CHN", "signed", ""), ("SAU", "reservation", "Saudi Arabia reserves its rights."),
        ("KEN", "reservation", "Kenya will not apply Article 5A's security clause."), ("USA", "declined", ""), ("SWE", "declined", ""),
    ):
        do(delegate(delegation), c.SignFinalActs(kind=SignatureKind(kind), text=text))
    do(CHAIR, c.CloseSigning())
    do(CHAIR, c.EndSession())
    return session_id, live
