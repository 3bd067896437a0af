"""Procedure: starting and ending a session, seats, phases, credentials, transfers of votes.

- A delegation votes only when its credentials are in order, and signs the Final Acts only
  when they entitle it to (ITU Convention Art. 31; see ../shared/reference).
- A delegation unable to attend may transfer its vote to another delegation; no delegation
  may hold more than one vote besides its own (ITU Convention No. 335).
- The chair moves the conference between the phases the scenario defines.
"""

from __future__ import annotations

from . import commands as c
from . import events as e
from . import guards
from .commands import MAX_NAME
from .errors import RuleViolation
from .model import Credentials
from .state import Player, SessionState
from .values import Actor


def start_session(state: SessionState, actor: Actor, cmd: c.StartSession) -> list[e.Event]:
    guards.chair(actor, "open the session")
    if state.started:
        raise RuleViolation("already_started", "The session has already started.")
    return [e.SessionStarted(state.spec.id, state.spec.title)]


def seat_player(state: SessionState, actor: Actor, cmd: c.SeatPlayer) -> list[e.Event]:
    guards.chair(actor, "assign seats")
    guards.text(cmd.player, "The player id", limit=MAX_NAME)
    guards.text(cmd.name, "The player's name", limit=MAX_NAME)
    if cmd.delegation is not None:
        guards.known(state, cmd.delegation)
        guards.present(state, cmd.delegation)
    return [e.PlayerSeated(cmd.player, cmd.name.strip(), cmd.delegation)]


def remove_player(state: SessionState, actor: Actor, cmd: c.RemovePlayer) -> list[e.Event]:
    guards.chair(actor, "remove players")
    if cmd.player not in state.players:
        raise RuleViolation("unknown_player", "That player holds no seat in this session.")
    return [e.PlayerRemoved(cmd.player)]


def allow_seat_choice(state: SessionState, actor: Actor, cmd: c.AllowSeatChoice) -> list[e.Event]:
    guards.chair(actor, "let players choose their seats")
    if state.seat_choice == cmd.allowed:
        raise RuleViolation("unchanged", "That is already the rule for choosing seats.")
    return [e.SeatChoiceAllowed(cmd.allowed)]


def take_seat(state: SessionState, actor: Actor, cmd: c.TakeSeat) -> list[e.Event]:
    """A player in the lobby takes an open seat, if the chair lets players choose."""
    player = state.players.get(actor.player or "")
    if player is None or player.delegation is not None:
        raise RuleViolation("not_in_lobby", "Only a player waiting in the lobby can take a seat.")
    if not state.seat_choice:
        raise RuleViolation("seats_assigned", "The chair assigns the seats in this session; please wait for yours.")
    guards.known(state, cmd.delegation)
    guards.present(state, cmd.delegation)
    if state.seated(cmd.delegation):
        raise RuleViolation("seat_taken", f"{guards.name(state, cmd.delegation)} already has a player; choose an open seat.")
    return [e.PlayerSeated(player.id, player.name, cmd.delegation)]


def pause_session(state: SessionState, actor: Actor, cmd: c.PauseSession) -> list[e.Event]:
    guards.chair(actor, "pause the session")
    if state.paused == cmd.paused:
        raise RuleViolation("unchanged", "The session is already " + ("paused." if cmd.paused else "running."))
    return [e.SessionPaused(cmd.paused)]


def change_phase(state: SessionState, actor: Actor, cmd: c.ChangePhase) -> list[e.Event]:
    guards.chair(actor, "move the conference to another phase")
    if cmd.phase not in {p.id for p in state.spec.phases}:
        phases = ", ".join(p.id for p in state.spec.phases)
        raise RuleViolation("unknown_phase", f"There is no phase '{cmd.phase}'; this scenario has: {phases}.")
    if cmd.phase == state.phase:
        raise RuleViolation("same_phase", "The conference is already in that phase.")
    guards.no_open_decision(state, "change the phase")
    return [e.PhaseChanged(cmd.phase)]


def end_session(state: SessionState, actor: Actor, cmd: c.EndSession) -> list[e.Event]:
    guards.chair(actor, "end the session")
    guards.no_open_decision(state, "end the session")
    return [e.SessionEnded()]


def set_credentials(state: SessionState, actor: Actor, cmd: c.SetCredentials) -> list[e.Event]:
    guards.chair(actor, "rule on credentials")
    guards.known(state, cmd.delegation)
    guards.no_open_decision(state, "change credentials")
    if state.credentials[cmd.delegation] is cmd.credentials:
        raise RuleViolation("unchanged", "Those are already the delegation's credentials.")
    return [e.CredentialsChanged(cmd.delegation, Credentials(cmd.credentials))]


def mark_presence(state: SessionState, actor: Actor, cmd: c.MarkPresence) -> list[e.Event]:
    """ITU Convention No. 414 counts delegations present for the quorum: the chair records
    who is in the room."""
    guards.chair(actor, "record who is present")
    guards.known(state, cmd.delegation)
    guards.no_open_decision(state, "record who is present")
    if state.credentials[cmd.delegation] is Credentials.ABSENT:
        raise RuleViolation("not_at_conference", f"{guards.name(state, cmd.delegation)} is not at the conference.")
    if state.present(cmd.delegation) == cmd.present:
        raise RuleViolation("unchanged", "That is already recorded.")
    return [e.PresenceMarked(cmd.delegation, cmd.present)]


def transfer_vote(state: SessionState, actor: Actor, cmd: c.TransferVote) -> list[e.Event]:
    """ITU Convention No. 335: a delegation may give a power to vote to one other delegation,
    and no delegation may hold more than one such power."""
    giver = _giver(state, actor, cmd.delegation)
    if not state.spec.transfers_allowed:
        raise RuleViolation("no_transfers", "These rules of procedure do not allow transfers of votes.")
    guards.known(state, cmd.holder)
    guards.no_open_decision(state, "transfer a vote")
    if cmd.holder == giver:
        raise RuleViolation("self_transfer", "A delegation cannot transfer its vote to itself.")
    for delegation, role in ((giver, "transfer"), (cmd.holder, "hold")):
        if not state.may_vote(delegation):
            who = guards.name(state, delegation)
            raise RuleViolation("no_vote", f"{who} has no right to vote, so it cannot {role} one.")
    guards.present(state, cmd.holder)
    if giver in state.proxies:
        raise RuleViolation("already_transferred", "That vote is already transferred; revoke the transfer first.")
    if cmd.holder in state.proxies:
        raise RuleViolation("holder_transferred", "The holder has itself transferred its vote.")
    held = sum(1 for holder in state.proxies.values() if holder == cmd.holder)
    if held >= state.spec.max_proxies:
        raise RuleViolation(
            "proxy_limit",
            f"{guards.name(state, cmd.holder)} already holds {held} other vote(s); the limit is {state.spec.max_proxies}.",
        )
    return [e.VoteTransferred(giver, cmd.holder)]


def revoke_transfer(state: SessionState, actor: Actor, cmd: c.RevokeTransfer) -> list[e.Event]:
    giver = _giver(state, actor, cmd.delegation)
    guards.no_open_decision(state, "revoke a transfer")
    if giver not in state.proxies:
        raise RuleViolation("not_transferred", "That delegation's vote is not transferred.")
    return [e.TransferRevoked(giver)]


def _giver(state: SessionState, actor: Actor, named: str | None) -> str:
    if actor.delegation is not None:
        if named not in (None, actor.delegation):
            raise RuleViolation("not_yours", "A delegation can only transfer its own vote.")
        return guards.delegate(state, actor, "transfer a vote")
    guards.chair(actor, "transfer a delegation's vote")
    if named is None:
        raise RuleViolation("missing_delegation", "Name the delegation whose vote is transferred.")
    guards.known(state, named)
    return named


# --- evolve ------------------------------------------------------------------------------


def started(state: SessionState, event: e.SessionStarted) -> SessionState:
    return state.evolve(started=True)


def player_seated(state: SessionState, event: e.PlayerSeated) -> SessionState:
    player = Player(event.player, event.name, event.delegation)
    return state.evolve(players={**state.players, event.player: player})


def player_removed(state: SessionState, event: e.PlayerRemoved) -> SessionState:
    return state.evolve(players={k: v for k, v in state.players.items() if k != event.player})


def seat_choice_allowed(state: SessionState, event: e.SeatChoiceAllowed) -> SessionState:
    return state.evolve(seat_choice=event.allowed)


def session_paused(state: SessionState, event: e.SessionPaused) -> SessionState:
    return state.evolve(paused=event.paused)


def phase_changed(state: SessionState, event: e.PhaseChanged) -> SessionState:
    return state.evolve(phase=event.phase)


def ended(state: SessionState, event: e.SessionEnded) -> SessionState:
    return state.evolve(ended=True)


def credentials_changed(state: SessionState, event: e.CredentialsChanged) -> SessionState:
    credentials = {**state.credentials, event.delegation: event.credentials}
    proxies = {
        giver: holder
        for giver, holder in state.proxies.items()
        if credentials[giver].may_vote and credentials[holder].may_vote
    }
    return state.evolve(credentials=credentials, proxies=proxies)


def presence_marked(state: SessionState, event: e.PresenceMarked) -> SessionState:
    away = state.away - {event.delegation} if event.present else state.away | {event.delegation}
    return state.evolve(away=away)


def vote_transferred(state: SessionState, event: e.VoteTransferred) -> SessionState:
    return state.evolve(proxies={**state.proxies, event.delegation: event.holder})


def transfer_revoked(state: SessionState, event: e.TransferRevoked) -> SessionState:
    return state.evolve(proxies={k: v for k, v in state.proxies.items() if k != event.delegation})
