"""The invariants of the rules core, held by a Hypothesis state machine.

Random sequences of legal and illegal commands, from the chair, every delegation, an
observer and the server itself, are driven through `execute` against an eight-delegation
conference with a delegation accredited to sign only, a transferred vote, students seated
for some delegations, scripted news, bracketed text, autopilot seats and signing. After
every step:

(a) the session is its event log (ARCHITECTURE: "One idea"): folding the stored log (each
    event written to JSON and read back, as the store keeps it) equals the live state, from
    the beginning and from a snapshot;
(b) a tally recomputed from scratch from the ballot events equals the running count of the
    open vote, and the tally of every closed vote's outcome;
(c) a delegation casts at most one ballot per vote, only if it is on the roll (ITU
    Convention No. 407: one vote per Member State), and the roll holds only delegations
    entitled to vote (ITU Convention Art. 31);
(d) a refused command (InvalidCommand or RuleViolation) changes nothing and records nothing,
    and every refusal is a sentence for people;
(e) events are numbered 1..n without gaps;
and the speakers list keeps points of order first and replies last (UN GA rules 71, 73).
"""

from __future__ import annotations

import json
from dataclasses import replace

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from game.rules import Actor, InvalidCommand, Role, RuleViolation, execute, initial, replay, voting
from game.rules import commands as c
from game.rules import events as e
from game.rules.codec import dump, load_event
from game.rules.model import (
    AgendaItem,
    Credentials,
    DecisionRule,
    Inject,
    Method,
    Policy,
    SignStance,
    Stance,
    Threshold,
    frozen_map,
)
from game.rules.values import Choice, Placard, SignatureKind, Subject, Tally

from .conftest import CHAIR, ITU, SYSTEM, conference

CONSENSUS_FIRST = DecisionRule(
    "un",
    "UN GA, consensus first",
    consensus_first=True,
    threshold=Threshold.TWO_THIRDS,
    weighted=True,
    citation="UN Charter Art. 18(2)",
)
MEMBERS = DecisionRule("members", "Majority of members", threshold=Threshold.MAJORITY_OF_MEMBERS)
POLICIES = {
    "D01": Policy(
        positions=frozen_map({"clean": Stance.YES, "consensus": Stance.OBJECT}),
        signs=SignStance.SIGN,
    ),
    "D02": Policy(
        positions=frozen_map({"clean": Stance.NO, "bracketed": Stance.YES}),
        signs=SignStance.RESERVATION,
        reservation="On Article 2.",
    ),
    "D03": Policy(loyalty=0.5),
    "D04": Policy(default=Stance.YES, signs=SignStance.SIGN),
    "D05": Policy(
        positions=frozen_map({"consensus": Stance.OBJECT}),
        default=Stance.YES,
        signs=SignStance.DECLINE,
    ),
    "D06": Policy(loyalty=0.3),
    "D07": Policy(default=Stance.ABSTAIN),
    "D08": Policy(default=Stance.ABSENT, loyalty=0.5),
}


def _spec():
    base = conference(8)
    delegations = tuple(
        replace(
            d,
            policy=POLICIES[d.id],
            weight=2 if d.id == "D02" else 1,
            credentials=Credentials.SIGN_ONLY if d.id == "D07" else d.credentials,
        )
        for d in base.delegations
    )
    agenda = (
        *base.agenda,
        AgendaItem(
            "consensus",
            "Article 3",
            "article",
            "States shall [refrain from | avoid] hostile acts.",
            "un",
        ),
        AgendaItem(
            "members",
            "Resolution 1",
            "resolution",
            "The conference resolves to meet again.",
            "members",
        ),
    )
    rules = frozen_map({r.id: r for r in (ITU, CONSENSUS_FIRST, MEMBERS)})
    injects = (Inject("flood", "The hall floods", "Plenary moves upstairs.", to=("D01", "D02")),)
    return conference(
        8, delegations=delegations, agenda=agenda, rules=rules, injects=injects, readings=1
    )


SPEC = _spec()
IDS = tuple(d.id for d in SPEC.delegations)
WEIGHTS = {d.id: d.weight for d in SPEC.delegations}
OBSERVER = Actor(Role.OBSERVER)
NOBODY = Actor.delegate("D99")

delegation = st.sampled_from((*IDS, "D99"))
maybe_delegation = st.none() | delegation
IN_THE_LOBBY = Actor(Role.OBSERVER, player="p1")
actors = st.sampled_from(
    (CHAIR, SYSTEM, OBSERVER, NOBODY, IN_THE_LOBBY, *(Actor.delegate(d) for d in IDS))
)
items = st.sampled_from(("clean", "bracketed", "consensus", "members", "nowhere"))
amendments = st.sampled_from(("A1", "A2", "A3", "A4", "A5", "A9"))
subjects = st.one_of(
    st.builds(Subject, st.just("item"), items),
    st.builds(Subject, st.just("amendment"), amendments),
    st.builds(Subject, st.just("clause"), items),
)
brackets = st.none() | st.sampled_from(("b1", "b2", "b3", "b4", "b9"))
texts = st.sampled_from(
    (
        "",
        "   ",
        "endeavour to",
        "Agreed.",
        "Member States [shall | may] cooperate [closely].",
        "[unclosed",
        "stray ]",
        "nested [a [b]]",
        "x" * 4001,
    )
)
methods = st.sampled_from((*(m.value for m in Method), "acclamation"))
seeds = st.integers(0, 2**32)
recipients = st.lists(delegation, max_size=3).map(tuple)

COMMANDS = st.one_of(
    st.builds(c.StartSession),
    st.builds(
        c.SeatPlayer,
        player=st.sampled_from(("p1", "p2", "p3", "")),
        name=st.sampled_from(("Ana", "Bo", " ")),
        delegation=maybe_delegation,
    ),
    st.builds(c.RemovePlayer, player=st.sampled_from(("p1", "p2", "p9"))),
    st.builds(c.AllowSeatChoice, allowed=st.booleans()),
    st.builds(c.TakeSeat, delegation=delegation),
    st.builds(c.PauseSession, paused=st.booleans()),
    st.builds(c.ChangePhase, phase=st.sampled_from(("plenary", "signing", "recess"))),
    st.builds(c.SetCredentials, delegation=delegation, credentials=st.sampled_from(Credentials)),
    st.builds(c.MarkPresence, delegation=delegation, present=st.booleans()),
    st.builds(c.TransferVote, holder=delegation, delegation=maybe_delegation),
    st.builds(c.RevokeTransfer, delegation=maybe_delegation),
    st.builds(c.AdvanceReading, item=items),
    st.builds(c.ProposeAmendment, item=items, text=texts, bracket=brackets),
    st.builds(c.CosponsorAmendment, amendment=amendments),
    st.builds(c.WithdrawAmendment, amendment=amendments),
    st.builds(c.AcceptAmendment, amendment=amendments),
    st.builds(c.CallForObjections, subject=subjects, seconds=st.sampled_from((None, 1, 5, 60))),
    st.builds(c.RaiseObjection, reason=texts),
    st.builds(c.SoundRoom, subject=subjects),
    st.builds(c.RaisePlacard, placard=st.sampled_from(Placard)),
    st.builds(
        c.CallVote,
        subject=subjects,
        method=methods,
        seed=seeds,
        seconds=st.sampled_from((None, 30, 600)),
    ),
    st.builds(c.CastBallot, choice=st.sampled_from(Choice), on_behalf_of=maybe_delegation),
    st.builds(c.CloseDecision),
    st.builds(
        c.RequestFloor,
        kind=st.sampled_from(("speech", "reply", "point_of_order", "rant")),
        about=st.sampled_from(("", "D01", "D99")),
    ),
    st.builds(c.WithdrawFloorRequest),
    st.builds(c.GiveFloor, delegation=maybe_delegation),
    st.builds(c.YieldFloor),
    st.builds(c.SetSpeakingTime, seconds=st.sampled_from((10, 60, 4000))),
    st.builds(c.RulePointOfOrder, delegation=delegation, ruling=texts),
    st.builds(
        c.SendMessage,
        audience=st.sampled_from(("public", "bloc", "delegations", "press")),
        text=texts,
        to=recipients,
    ),
    st.builds(
        c.FireInject,
        inject=st.sampled_from((None, "flood", "nope")),
        title=texts,
        text=texts,
        to=recipients,
    ),
    st.builds(c.OpenSigning),
    st.builds(c.SignFinalActs, kind=st.sampled_from(SignatureKind), text=texts),
    st.builds(c.CloseSigning),
    st.builds(c.RunAutopilot, seed=seeds),
)


def stored(recorded: e.Recorded) -> e.Recorded:
    """The event as the store keeps it: written to JSON and read back."""
    event = load_event(json.loads(json.dumps(dump(recorded.event))))
    assert event == recorded.event
    return e.Recorded(recorded.seq, recorded.at, recorded.actor, event)


class Conference(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.state = initial(SPEC)
        self.log: list[e.Recorded] = []
        self.stored: list[e.Recorded] = []
        self.snapshot = self.state
        self.clock = 0.0

    def do(self, actor: Actor, command: c.Command) -> bool:
        """Execute at the next moment; check that a refusal changed nothing."""
        self.clock += 1.0
        command = replace(command, at=self.clock)
        before, seen = repr(self.state), len(self.log)
        try:
            state, records = execute(self.state, actor, command)
        except (InvalidCommand, RuleViolation) as error:
            assert error.message.strip()
            assert repr(self.state) == before
            assert len(self.log) == seen
            return False
        self.state = state
        self.log.extend(records)
        self.stored.extend(stored(r) for r in records)
        if len(self.log) // 10 > self.snapshot.seq // 10:
            self.snapshot = self.state
        return True

    # --- setting the room ---------------------------------------------------------------

    @initialize(
        before=st.lists(st.tuples(actors, COMMANDS), max_size=2),
        seated=st.sets(st.sampled_from(IDS), max_size=3),
        transfer_by_chair=st.booleans(),
    )
    def open_the_conference(self, before, seated, transfer_by_chair):
        for actor, command in before:
            self.do(actor, command)
        self.do(CHAIR, c.StartSession())
        for i, seat in enumerate(sorted(seated)):
            self.do(CHAIR, c.SeatPlayer(player=f"p{i}", name=f"Student {i}", delegation=seat))
        if transfer_by_chair:
            self.do(CHAIR, c.TransferVote(delegation="D05", holder="D06"))
        else:
            self.do(Actor.delegate("D05"), c.TransferVote(holder="D06"))

    # --- anything from anybody ----------------------------------------------------------

    @rule(actor=actors, command=COMMANDS)
    def anybody_asks_anything(self, actor, command):
        self.do(actor, command)

    @rule(seconds=st.sampled_from((1, 30, 61, 700, 4000)))
    def time_passes(self, seconds):
        self.clock += seconds

    # --- the usual course of a conference ----------------------------------------------

    def pick(self, data, likely, anything):
        """Mostly something the state makes plausible, sometimes anything at all."""
        if likely and data.draw(st.integers(0, 3)) < 3:
            return data.draw(st.sampled_from(likely))
        return data.draw(anything)

    def open_items(self):
        return [i.id for i in self.state.items.values() if i.status == "open"]

    def pending(self):
        return [a.id for a in self.state.amendments.values() if a.pending]

    @precondition(lambda self: any(i.reading < SPEC.readings for i in self.state.items.values()))
    @rule(data=st.data())
    def chair_advances_a_reading(self, data):
        unread = [i for i in self.open_items() if self.state.items[i].reading < SPEC.readings]
        self.do(CHAIR, c.AdvanceReading(item=self.pick(data, unread, items)))

    @rule(data=st.data(), sponsor=st.sampled_from(IDS), text=texts)
    def delegation_proposes_an_amendment(self, data, sponsor, text):
        item = self.pick(data, self.open_items(), items)
        held = [b.id for b in self.state.items[item].brackets] if item in self.state.items else []
        bracket = self.pick(data, held, brackets)
        self.do(Actor.delegate(sponsor), c.ProposeAmendment(item=item, bracket=bracket, text=text))

    @precondition(lambda self: any(a.pending for a in self.state.amendments.values()))
    @rule(data=st.data())
    def chair_takes_an_amendment_into_the_text(self, data):
        self.do(CHAIR, c.AcceptAmendment(amendment=self.pick(data, self.pending(), amendments)))

    @rule(who=st.sampled_from(IDS), credentials=st.sampled_from(Credentials), present=st.booleans())
    def chair_rules_on_credentials_or_presence(self, who, credentials, present):
        if credentials is Credentials.ABSENT:
            self.do(CHAIR, c.MarkPresence(delegation=who, present=present))
        else:
            self.do(CHAIR, c.SetCredentials(delegation=who, credentials=credentials))

    @rule(
        speaker=st.sampled_from(IDS),
        kind=st.sampled_from(("speech", "point_of_order", "reply")),
        by_chair=st.booleans(),
    )
    def the_floor_moves(self, speaker, kind, by_chair):
        floor = self.state.floor
        if floor.current is not None:
            self.do(CHAIR if by_chair else Actor.delegate(floor.current.delegation), c.YieldFloor())
        elif any(s.kind == "point_of_order" for s in floor.speakers) and by_chair:
            self.do(
                CHAIR,
                c.RulePointOfOrder(delegation=floor.speakers[0].delegation, ruling="Sustained."),
            )
        elif floor.speakers and by_chair:
            self.do(CHAIR, c.GiveFloor())
        else:
            self.do(
                Actor.delegate(speaker),
                c.RequestFloor(kind=kind, about="D01" if kind == "reply" else ""),
            )

    @precondition(lambda self: self.state.decision is None)
    @rule(
        data=st.data(),
        how=st.sampled_from(
            ("consensus", "sounding", "show_of_hands", "roll_call", "secret_ballot")
        ),
        seed=seeds,
        seconds=st.sampled_from((None, 5, 60)),
    )
    def chair_puts_a_question(self, data, how, seed, seconds):
        clean = [i for i in self.open_items() if not self.state.items[i].brackets]
        subject = self.pick(
            data,
            [Subject("item", i) for i in clean] + [Subject("amendment", a) for a in self.pending()],
            subjects,
        )
        item = self.state.items.get(subject.id)
        if (
            subject.kind == "item"
            and item is not None
            and item.reading < SPEC.readings
            and data.draw(st.booleans())
        ):
            self.do(CHAIR, c.AdvanceReading(item=item.id))
        if how == "consensus":
            command = c.CallForObjections(subject=subject, seconds=seconds)
        elif how == "sounding":
            command = c.SoundRoom(subject=subject)
        else:
            command = c.CallVote(subject=subject, method=how, seed=seed, seconds=seconds)
        self.do(CHAIR, command)

    @precondition(lambda self: self.state.decision is not None)
    @rule(data=st.data())
    def a_delegation_answers_the_question(self, data):
        decision = self.state.decision
        if decision.method == Method.CONSENSUS:
            who, command = (
                data.draw(st.sampled_from(IDS)),
                c.RaiseObjection(reason=data.draw(texts)),
            )
        elif decision.method == Method.SOUNDING:
            who, command = (
                data.draw(st.sampled_from(IDS)),
                c.RaisePlacard(placard=data.draw(st.sampled_from(Placard))),
            )
        else:
            voter = data.draw(st.sampled_from(decision.order or IDS))
            who = self.state.proxies.get(voter, voter) if data.draw(st.booleans()) else voter
            command = c.CastBallot(
                choice=data.draw(st.sampled_from(Choice)),
                on_behalf_of=voter if who != voter else None,
            )
        self.do(Actor.delegate(who), command)

    @precondition(lambda self: self.state.decision is not None or self.state.signing == "open")
    @rule(seed=seeds, actor=st.sampled_from((CHAIR, SYSTEM)))
    def autopilot_seats_act(self, seed, actor):
        self.do(actor, c.RunAutopilot(seed=seed))

    @precondition(lambda self: self.state.decision is not None)
    @rule(late=st.booleans())
    def chair_closes_the_question(self, late):
        decision = self.state.decision
        if late and decision is not None and decision.deadline is not None:
            self.clock = max(self.clock, decision.deadline)
        self.do(CHAIR, c.CloseDecision())

    @precondition(
        lambda self: (
            self.state.signing == "closed"
            and any(i.status == "adopted" for i in self.state.items.values())
        )
    )
    @rule()
    def chair_opens_the_final_acts_for_signature(self):
        if self.state.phase != "signing":
            self.do(CHAIR, c.ChangePhase(phase="signing"))
        self.do(CHAIR, c.OpenSigning())

    @precondition(lambda self: self.state.signing == "open")
    @rule(
        signer=st.sampled_from(IDS),
        kind=st.sampled_from(SignatureKind),
        text=st.sampled_from(("", "On Article 2.")),
    )
    def a_delegation_answers_the_final_acts(self, signer, kind, text):
        self.do(Actor.delegate(signer), c.SignFinalActs(kind=kind, text=text))

    @precondition(lambda self: len(self.log) > 25)
    @rule(roll=st.integers(0, 9))
    def chair_sometimes_ends_the_session(self, roll):
        if roll == 0:
            self.do(CHAIR, c.EndSession())

    # --- invariants ---------------------------------------------------------------------

    @invariant()
    def folding_the_stored_log_gives_the_live_state(self):
        assert replay(SPEC, self.stored) == self.state
        assert replay(SPEC, self.stored, start=self.snapshot) == self.state

    @invariant()
    def events_are_numbered_one_to_n_without_gaps(self):
        assert [r.seq for r in self.log] == list(range(1, len(self.log) + 1))
        assert self.state.seq == len(self.log)
        assert [r.at for r in self.log] == sorted(r.at for r in self.log)

    @invariant()
    def a_recount_from_the_log_equals_every_tally(self):
        decision = self.state.decision
        if decision is not None and Method(decision.method).is_vote:
            assert recount(self.log, decision.id) == voting.count(
                decision.order, decision.ballots, WEIGHTS
            )
        for outcome in self.state.outcomes:
            if Method(outcome.method).is_vote:
                assert outcome.tally == recount(self.log, outcome.decision_id)

    @invariant()
    def a_delegation_votes_once_and_only_on_the_roll(self):
        cast: dict[str, set[str]] = {}
        for recorded in self.log:
            if isinstance(recorded.event, e.BallotCast):
                voters = cast.setdefault(recorded.event.decision, set())
                assert recorded.event.delegation not in voters
                voters.add(recorded.event.delegation)
        for decision_id, voters in cast.items():
            assert voters <= set(roll(self.log, decision_id))
        decision = self.state.decision
        if decision is not None and Method(decision.method).is_vote:
            assert set(decision.order) <= set(self.state.voting_members())
            assert len(decision.ballots) <= len(decision.order)

    @invariant()
    def points_of_order_come_first_and_replies_last(self):
        rank = {"point_of_order": 0, "speech": 1, "reply": 2}
        kinds = [rank[s.kind] for s in self.state.floor.speakers]
        assert kinds == sorted(kinds)
        entries = [(s.delegation, s.kind) for s in self.state.floor.speakers]
        assert len(entries) == len(set(entries))
        assert (self.state.floor.current is None) == (self.state.floor.until is None)


def roll(log: list[e.Recorded], decision_id: str) -> tuple[str, ...]:
    return next(
        r.event.order
        for r in log
        if isinstance(r.event, e.VoteOpened) and r.event.decision == decision_id
    )


def recount(log: list[e.Recorded], decision_id: str) -> Tally:
    """The tally of one vote counted by hand from its VoteOpened and BallotCast events."""
    order = roll(log, decision_id)
    choices = {
        r.event.delegation: r.event.choice
        for r in log
        if isinstance(r.event, e.BallotCast) and r.event.decision == decision_id
    }
    on_roll = [choices[d] for d in order if d in choices]
    return Tally(
        yes=on_roll.count(Choice.YES),
        no=on_roll.count(Choice.NO),
        abstain=on_roll.count(Choice.ABSTAIN),
        not_participating=len(order) - len(on_roll),
        weighted_yes=sum(WEIGHTS[d] for d in order if choices.get(d) is Choice.YES),
        weighted_no=sum(WEIGHTS[d] for d in order if choices.get(d) is Choice.NO),
    )


Conference.TestCase.settings = settings(max_examples=60, stateful_step_count=40, deadline=None)
TestTheConferenceKeepsItsInvariants = Conference.TestCase
