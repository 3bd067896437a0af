"""The engine: one table from command to handler, one from event to state change.

    decide(state, actor, command) -> list[Event]     raises InvalidCommand / RuleViolation
    evolve(state, recorded) -> state                 never raises on a log decide produced
    replay(spec, log, upto) -> state                 a fold: the state at any point

`execute` chains the two for the live path and for tests: decide, stamp each event with its
seq, time and actor, and fold it in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from . import autopilot, decisions, drafting, messaging, procedure, signing, speakers
from . import commands as c
from . import events as e
from .errors import InvalidCommand, RuleViolation
from .model import ConferenceSpec
from .state import SessionState, initial
from .values import Actor, Role

Handler = Callable[[SessionState, Actor, c.Command], list[e.Event]]
Applier = Callable[[SessionState, e.Event], SessionState]

HANDLERS: dict[type[c.Command], Handler] = {
    c.StartSession: procedure.start_session,
    c.SeatPlayer: procedure.seat_player,
    c.RemovePlayer: procedure.remove_player,
    c.AllowSeatChoice: procedure.allow_seat_choice,
    c.TakeSeat: procedure.take_seat,
    c.PauseSession: procedure.pause_session,
    c.ChangePhase: procedure.change_phase,
    c.EndSession: procedure.end_session,
    c.SetCredentials: procedure.set_credentials,
    c.MarkPresence: procedure.mark_presence,
    c.TransferVote: procedure.transfer_vote,
    c.RevokeTransfer: procedure.revoke_transfer,
    c.AdvanceReading: drafting.advance_reading,
    c.ProposeAmendment: drafting.propose_amendment,
    c.CosponsorAmendment: drafting.cosponsor_amendment,
    c.WithdrawAmendment: drafting.withdraw_amendment,
    c.AcceptAmendment: drafting.accept_amendment,
    c.CallForObjections: decisions.call_for_objections,
    c.RaiseObjection: decisions.raise_objection,
    c.SoundRoom: decisions.sound_room,
    c.RaisePlacard: decisions.raise_placard,
    c.CallVote: decisions.call_vote,
    c.CastBallot: decisions.cast_ballot,
    c.CloseDecision: decisions.close_decision,
    c.DeclareRoughConsensus: decisions.declare_rough_consensus,
    c.RequestFloor: speakers.request_floor,
    c.WithdrawFloorRequest: speakers.withdraw_request,
    c.GiveFloor: speakers.give_floor,
    c.YieldFloor: speakers.yield_floor,
    c.SetSpeakingTime: speakers.set_speaking_time,
    c.RulePointOfOrder: speakers.rule_point_of_order,
    c.SendMessage: messaging.send_message,
    c.FireInject: messaging.fire_inject,
    c.OpenSigning: signing.open_signing,
    c.SignFinalActs: signing.sign,
    c.CloseSigning: signing.close_signing,
    c.RunAutopilot: autopilot.run,
}

APPLIERS: dict[type[e.Event], Applier] = {
    e.SessionStarted: procedure.started,
    e.PlayerSeated: procedure.player_seated,
    e.PlayerRemoved: procedure.player_removed,
    e.SeatChoiceAllowed: procedure.seat_choice_allowed,
    e.SessionPaused: procedure.session_paused,
    e.PhaseChanged: procedure.phase_changed,
    e.SessionEnded: procedure.ended,
    e.CredentialsChanged: procedure.credentials_changed,
    e.PresenceMarked: procedure.presence_marked,
    e.VoteTransferred: procedure.vote_transferred,
    e.TransferRevoked: procedure.transfer_revoked,
    e.ReadingAdvanced: drafting.reading_advanced,
    e.AmendmentProposed: drafting.amendment_proposed,
    e.AmendmentCosponsored: drafting.amendment_cosponsored,
    e.AmendmentWithdrawn: drafting.amendment_withdrawn,
    e.AmendmentAccepted: drafting.amendment_accepted,
    e.ObjectionsCalled: decisions.objections_called,
    e.ObjectionRaised: decisions.objection_raised,
    e.SoundingOpened: decisions.sounding_opened,
    e.PlacardRaised: decisions.placard_raised,
    e.VoteOpened: decisions.vote_opened,
    e.BallotCast: decisions.ballot_cast,
    e.DecisionClosed: decisions.decision_closed,
    e.FloorRequested: speakers.floor_requested,
    e.FloorRequestWithdrawn: speakers.request_withdrawn,
    e.FloorGiven: speakers.floor_given,
    e.FloorYielded: speakers.floor_yielded,
    e.SpeakingTimeSet: speakers.speaking_time_set,
    e.PointOfOrderRuled: speakers.point_of_order_ruled,
    e.MessageSent: messaging.message_sent,
    e.InjectFired: messaging.inject_fired,
    e.SigningOpened: signing.signing_opened,
    e.FinalActsSigned: signing.signed,
    e.SigningClosed: signing.signing_closed,
}


def decide(state: SessionState, actor: Actor, command: c.Command) -> list[e.Event]:
    """The events a command yields in this state, or an error; never changes anything."""
    handler = HANDLERS.get(type(command))
    if handler is None:
        raise InvalidCommand(f"Unknown command {type(command).__name__}.")
    if actor.role is Role.OBSERVER and not isinstance(command, c.TakeSeat):
        raise RuleViolation("observers_watch", "Observers may watch the conference but not act in it.")
    if state.ended:
        raise RuleViolation("session_ended", "This session has ended.")
    if state.paused and actor.role not in (Role.CHAIR, Role.SYSTEM):
        raise RuleViolation("paused", "The chair has paused the session.")
    if not state.started and not isinstance(command, c.StartSession | c.SeatPlayer | c.RemovePlayer):
        raise RuleViolation("not_started", "The session has not started yet.")
    return handler(state, actor, command)


def evolve(state: SessionState, recorded: e.Recorded) -> SessionState:
    """The state after one recorded event."""
    applied = APPLIERS[type(recorded.event)](state, recorded.event)
    return applied.evolve(seq=recorded.seq)


def replay(spec: ConferenceSpec, log: Iterable[e.Recorded], upto: int | None = None, *, start: SessionState | None = None) -> SessionState:
    """Fold a log (from `start`, a snapshot, or the beginning) up to seq `upto` inclusive."""
    state = start if start is not None else initial(spec)
    for recorded in log:
        if upto is not None and recorded.seq > upto:
            break
        if recorded.seq <= state.seq:
            continue
        state = evolve(state, recorded)
    return state


def execute(state: SessionState, actor: Actor, command: c.Command) -> tuple[SessionState, list[e.Recorded]]:
    """Decide and fold: the new state and the events to store, stamped with seq and time."""
    records = []
    for event in decide(state, actor, command):
        recorded = e.Recorded(state.seq + 1, command.at, str(actor), event)
        state = evolve(state, recorded)
        records.append(recorded)
    return state, records
