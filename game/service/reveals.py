"""The instructor's back-channel reveal, one setting per session.

Private and bloc messages between delegations appear to nobody but their sender and
recipients, in the live session and in its replay, until the session's instructor reveals
them for the debrief; they can be hidden again. The setting is a row of its own (migration
0004), never an event: revealing changes who reads the log, not what happened.
"""

from __future__ import annotations

import time

from sqlalchemy import Boolean, Engine, Float, ForeignKey, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from game.store import Base, SessionNotFound, SessionRow


class RevealRow(Base):
    __tablename__ = "backchannel_reveals"

    session_id: Mapped[str] = mapped_column(String(64), ForeignKey("sessions.id"), primary_key=True)
    revealed: Mapped[bool] = mapped_column(Boolean)
    changed_at: Mapped[float] = mapped_column(Float)


class Reveals:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def revealed(self, session_id: str) -> bool:
        with Session(self.engine) as db:
            row = db.get(RevealRow, session_id)
            return bool(row and row.revealed)

    def set(self, session_id: str, revealed: bool) -> None:
        with Session(self.engine) as db, db.begin():
            if db.get(SessionRow, session_id) is None:
                raise SessionNotFound(session_id)
            row = db.get(RevealRow, session_id)
            if row is None:
                db.add(RevealRow(session_id=session_id, revealed=revealed, changed_at=time.time()))
            else:
                row.revealed, row.changed_at = revealed, time.time()
