"""The live classroom around the service: join codes, seat tokens, and who an actor is.

The server, never the client, decides who acts: an instructor's login makes them chair of
the sessions they own; a seat token names a player, and the session's state says which
delegation that player now holds (the chair may move or remove players at any time).
"""

from __future__ import annotations

import secrets

from game import scenario as scenarios
from game.accounts import Accounts, new_join_code, normalise_join_code
from game.rules import commands as c
from game.rules import events as e
from game.rules.errors import InvalidCommand, RuleViolation
from game.rules.values import Actor
from game.store import DuplicateSession

from .sessions import Result, Service


class Classroom:
    def __init__(self, service: Service, accounts: Accounts) -> None:
        self.service = service
        self.accounts = accounts

    def open_session(self, scenario: scenarios.Scenario, *, owner_id: int | None, title: str | None = None) -> str:
        """A new session with a fresh join code, owned by an instructor."""
        for _ in range(20):
            code = new_join_code()
            try:
                session_id = self.service.register(scenario, title=title, owner_id=owner_id, join_code=code)
            except DuplicateSession:
                continue
            self.service.handle(session_id, Actor.chair(), c.StartSession())
            return session_id
        raise RuleViolation("busy", "Could not find a free join code; please try again.")

    def join(self, code: str, name: str) -> tuple[str, str, str, Result]:
        """A student joins by code and name: (session id, player id, seat token, what the
        join stored)."""
        name = " ".join(name.split())
        if not 1 <= len(name) <= 40:
            raise InvalidCommand("Type your name (up to 40 characters).")
        row = self.service.store.session_by_join_code(normalise_join_code(code))
        if row is None:
            raise RuleViolation("bad_code", "No session has that code. Check the code on the projector.")
        if row.status == "ended" or self.service.state(row.id).ended:
            raise RuleViolation("session_ended", "That session has ended.")
        player = "p" + secrets.token_hex(6)
        result = self.service.handle(row.id, Actor.system(), c.SeatPlayer(player=player, name=name))
        return row.id, player, self.accounts.issue_seat(row.id, player, name), result

    def actor_for_seat(self, token: str) -> tuple[str, Actor] | None:
        """The session and actor a seat token stands for now, or None if it no longer counts."""
        seat = self.accounts.seat(token)
        if seat is None:
            return None
        actor = self.service.state(seat.session_id).actor_of(seat.player_id)
        return None if actor is None else (seat.session_id, actor)

    def owns(self, session_id: str, instructor_id: int | None) -> bool:
        row = self.service.store.get_session(session_id)
        return row is not None and instructor_id is not None and row.owner_id in (None, instructor_id)

    def handle(self, session_id: str, actor: Actor, command: c.Command, *, player: str | None = None) -> Result:
        """Handle a command (a player's as their seat stands when it is decided: see
        Service.handle); revoke the seat tokens of players it removes, and keep the session's
        listed status (open, paused, ended) in step."""
        result = self.service.handle(session_id, actor, command, player=player)
        for record in result.records:
            if isinstance(record.event, e.PlayerRemoved):
                self.accounts.revoke_player(session_id, record.event.player)
            elif isinstance(record.event, e.SessionEnded):
                self.service.store.set_status(session_id, "ended")
            elif isinstance(record.event, e.SessionPaused):
                self.service.store.set_status(session_id, "paused" if record.event.paused else "open")
        return result
