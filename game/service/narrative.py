"""One line per event, for the replay's timeline and the minutes.

`describe(spec, recorded)` says what happened in a sentence, which category of the timeline
it belongs to (the replay's filters), and which delegations it involves. The debrief
describes every event once and keeps the lines; only those the viewer may see leave it. A
secret ballot's line never names a choice.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.rules import events as e
from game.rules.model import ConferenceSpec
from game.rules.values import Subject

CATEGORIES = ("procedure", "phase", "floor", "amendment", "decision", "ballot", "message", "inject", "signing")


@dataclass(frozen=True, slots=True)
class Line:
    category: str
    text: str
    delegations: tuple[str, ...] = ()


def describe(spec: ConferenceSpec, recorded: e.Recorded) -> Line:
    event = recorded.event
    say = _SAYINGS.get(type(event))
    if say is None:
        return Line("procedure", type(event).__name__)
    return say(_Names(spec), event)


class _Names:
    def __init__(self, spec: ConferenceSpec) -> None:
        self.spec = spec

    def __call__(self, delegation: str) -> str:
        if delegation == "chair":
            return "The chair"
        return self.spec.delegation(delegation).name if self.spec.has_delegation(delegation) else delegation

    def many(self, delegations: tuple[str, ...]) -> str:
        return ", ".join(self(d) for d in delegations)

    def item(self, item_id: str) -> str:
        return next((i.title for i in self.spec.agenda if i.id == item_id), item_id)

    def subject(self, subject: Subject) -> str:
        return f"amendment {subject.id}" if subject.kind == "amendment" else self.item(subject.id)

    def phase(self, phase_id: str) -> str:
        return next((p.name for p in self.spec.phases if p.id == phase_id), phase_id)

    def bloc(self, bloc_id: str) -> str:
        bloc = self.spec.bloc(bloc_id)
        return bloc.name if bloc else bloc_id


def _message(n: _Names, ev: e.MessageSent) -> Line:
    sender = n(ev.sender)
    involved = tuple(d for d in (ev.sender, *ev.members) if d != "chair")
    if ev.audience == "public":
        return Line("message", f"{sender}, on the floor: “{ev.text}”", (ev.sender,) if ev.sender != "chair" else ())
    where = f"to the {n.bloc(ev.to[0])} channel" if ev.audience == "bloc" else f"privately to {n.many(ev.to)}"
    said = f": “{ev.text}”" if ev.text else " (text withheld)"
    return Line("message", f"{sender} writes {where}{said}", tuple(dict.fromkeys(involved)))


def _ballot(n: _Names, ev: e.BallotCast) -> Line:
    by = f" (cast by {n(ev.by)})" if ev.by else ""
    if ev.secret or ev.choice is None:
        return Line("ballot", f"{n(ev.delegation)} casts a secret ballot{by}.", (ev.delegation,))
    words = {"yes": "votes yes", "no": "votes no", "abstain": "abstains"}[ev.choice.value]
    return Line("ballot", f"{n(ev.delegation)} {words}{by}.", (ev.delegation,))


def _signed(n: _Names, ev: e.FinalActsSigned) -> Line:
    words = {
        "signed": "signs the Final Acts",
        "reservation": "signs the Final Acts with a reservation",
        "declaration": "signs the Final Acts with a declaration",
        "declined": "does not sign the Final Acts",
    }[ev.kind.value]
    return Line("signing", f"{n(ev.delegation)} {words}{f': “{ev.text}”' if ev.text else '.'}", (ev.delegation,))


_SAYINGS = {
    e.SessionStarted: lambda n, ev: Line("procedure", f"The session opens: {ev.title}."),
    e.PlayerSeated: lambda n, ev: Line("procedure", f"{ev.name} takes the seat of {n(ev.delegation)}." if ev.delegation else f"{ev.name} waits in the lobby.", (ev.delegation,) if ev.delegation else ()),
    e.PlayerRemoved: lambda n, ev: Line("procedure", "The chair removes a player."),
    e.SeatChoiceAllowed: lambda n, ev: Line("procedure", "Students may choose their seats." if ev.allowed else "The chair assigns the seats."),
    e.SessionPaused: lambda n, ev: Line("procedure", "The chair pauses the session." if ev.paused else "The session resumes."),
    e.PhaseChanged: lambda n, ev: Line("phase", f"The conference moves to {n.phase(ev.phase)}."),
    e.SessionEnded: lambda n, ev: Line("procedure", "The session ends."),
    e.CredentialsChanged: lambda n, ev: Line("procedure", f"{n(ev.delegation)}'s credentials: {ev.credentials.value.replace('_', ' ')}.", (ev.delegation,)),
    e.PresenceMarked: lambda n, ev: Line("procedure", f"{n(ev.delegation)} {'returns to' if ev.present else 'leaves'} the room.", (ev.delegation,)),
    e.VoteTransferred: lambda n, ev: Line("procedure", f"{n(ev.delegation)} transfers its vote to {n(ev.holder)}.", (ev.delegation, ev.holder)),
    e.TransferRevoked: lambda n, ev: Line("procedure", f"{n(ev.delegation)} takes back its vote.", (ev.delegation,)),
    e.ReadingAdvanced: lambda n, ev: Line("amendment", f"{n.item(ev.item)}: reading {ev.reading}."),
    e.AmendmentProposed: lambda n, ev: Line("amendment", f"{n(ev.sponsor)} proposes amendment {ev.amendment} to {n.item(ev.item)}{f', bracket {ev.bracket}' if ev.bracket else ''}: “{ev.text}”", (ev.sponsor,)),
    e.AmendmentCosponsored: lambda n, ev: Line("amendment", f"{n(ev.delegation)} co-sponsors amendment {ev.amendment}.", (ev.delegation,)),
    e.AmendmentWithdrawn: lambda n, ev: Line("amendment", f"Amendment {ev.amendment} is withdrawn."),
    e.AmendmentAccepted: lambda n, ev: Line("amendment", f"The chair takes amendment {ev.amendment} into the text."),
    e.ObjectionsCalled: lambda n, ev: Line("decision", f"The chair asks whether there is any objection to {n.subject(ev.subject)}."),
    e.ObjectionRaised: lambda n, ev: Line("decision", f"{n(ev.delegation)} objects{f': {ev.reason}' if ev.reason else '.'}", (ev.delegation,)),
    e.SoundingOpened: lambda n, ev: Line("decision", f"The chair sounds the room on {n.subject(ev.subject)} (placards, indicative only)."),
    e.PlacardRaised: lambda n, ev: Line("ballot", f"{n(ev.delegation)} raises its placard {ev.placard.value} (indicative).", (ev.delegation,)),
    e.VoteOpened: lambda n, ev: Line("decision", f"{ev.method.replace('_', ' ').capitalize()} opened on {n.subject(ev.subject)}."),
    e.BallotCast: _ballot,
    e.DecisionClosed: lambda n, ev: Line("decision", f"{n.subject(ev.outcome.subject)[:1].upper()}{n.subject(ev.outcome.subject)[1:]}: {ev.outcome.reason}", ev.outcome.objectors),
    e.FloorRequested: lambda n, ev: Line("floor", f"{n(ev.delegation)} asks for the floor ({ev.kind.replace('_', ' ')}).", (ev.delegation,)),
    e.FloorRequestWithdrawn: lambda n, ev: Line("floor", f"{n(ev.delegation)} withdraws its request for the floor.", (ev.delegation,)),
    e.FloorGiven: lambda n, ev: Line("floor", f"{n(ev.delegation)} has the floor ({ev.kind.replace('_', ' ')}).", (ev.delegation,)),
    e.FloorYielded: lambda n, ev: Line("floor", f"{n(ev.delegation)} yields the floor.", (ev.delegation,)),
    e.SpeakingTimeSet: lambda n, ev: Line("floor", f"Speaking time is now {ev.seconds} seconds."),
    e.PointOfOrderRuled: lambda n, ev: Line("floor", f"The chair rules on {n(ev.delegation)}'s point of order: {ev.ruling}", (ev.delegation,)),
    e.MessageSent: _message,
    e.InjectFired: lambda n, ev: Line("inject", f"News{f' to {n.many(ev.to)}' if ev.to else ''}: {ev.title}. {ev.text}", ev.to),
    e.SigningOpened: lambda n, ev: Line("signing", f"The Final Acts ({', '.join(n.item(i) for i in ev.items)}) are open for signature."),
    e.FinalActsSigned: _signed,
    e.SigningClosed: lambda n, ev: Line("signing", f"Signing closes: {ev.signed} signed, {ev.not_signed} did not sign (of {ev.eligible} entitled to sign)."),
}
