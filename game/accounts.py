"""Instructors' accounts and students' seat tokens.

Instructors sign in with a password, kept only as a salted hash. Students hold a random seat
token (in an httpOnly cookie) that binds them to one player of one session; the store keeps
only the token's SHA-256, so a copy of the database lets nobody act as a student. The chair
revokes a token by removing the player, and it stops working at once.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from sqlalchemy import Engine, Float, ForeignKey, String, Text, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from game.store import Base

JOIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""No 0/O or 1/I: a code read off a projector must not be misread."""


class InstructorRow(Base):
    __tablename__ = "instructors"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[float] = mapped_column(Float)


class SeatRow(Base):
    __tablename__ = "seats"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[str] = mapped_column(String(64), ForeignKey("sessions.id"), index=True)
    player_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[float] = mapped_column(Float)
    revoked_at: Mapped[float | None] = mapped_column(Float, default=None)


@dataclass(frozen=True, slots=True)
class Instructor:
    id: int
    username: str


@dataclass(frozen=True, slots=True)
class Seat:
    session_id: str
    player_id: str
    name: str


class AccountError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_join_code(length: int = 6) -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(length))


def normalise_join_code(code: str) -> str:
    """What a student typed, as the code is stored: capitals, no spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())[:32]


class Accounts:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # --- instructors ---------------------------------------------------------------------

    def create_instructor(self, username: str, password: str) -> Instructor:
        username = username.strip()
        if not 3 <= len(username) <= 80:
            raise AccountError("A username has 3 to 80 characters.")
        if len(password) < 8:
            raise AccountError("A password has at least 8 characters.")
        row = InstructorRow(username=username, password_hash=generate_password_hash(password), created_at=time.time())
        try:
            with Session(self.engine) as db, db.begin():
                db.add(row)
                db.flush()
                return Instructor(row.id, row.username)
        except IntegrityError:
            raise AccountError(f"The username '{username}' is taken.") from None

    def has_instructors(self) -> bool:
        with Session(self.engine) as db:
            return db.scalar(select(InstructorRow.id).limit(1)) is not None

    def authenticate(self, username: str, password: str) -> Instructor | None:
        with Session(self.engine) as db:
            row = db.scalar(select(InstructorRow).where(InstructorRow.username == username.strip()))
        if row is None:
            check_password_hash(generate_password_hash("x"), password)  # same work either way
            return None
        return Instructor(row.id, row.username) if check_password_hash(row.password_hash, password) else None

    def instructor(self, instructor_id: int) -> Instructor | None:
        with Session(self.engine) as db:
            row = db.get(InstructorRow, instructor_id)
            return Instructor(row.id, row.username) if row else None

    # --- seats ---------------------------------------------------------------------------

    def issue_seat(self, session_id: str, player_id: str, name: str) -> str:
        """A new seat token for a player; only its hash is stored."""
        token = secrets.token_urlsafe(24)
        with Session(self.engine) as db, db.begin():
            db.add(SeatRow(token_hash=hash_token(token), session_id=session_id, player_id=player_id, name=name, created_at=time.time()))
        return token

    def seat(self, token: str) -> Seat | None:
        """The seat a token holds, or None if it is unknown or revoked."""
        if not token or len(token) > 200:
            return None
        with Session(self.engine) as db:
            row = db.get(SeatRow, hash_token(token))
        if row is None or row.revoked_at is not None:
            return None
        return Seat(row.session_id, row.player_id, row.name)

    def revoke_player(self, session_id: str, player_id: str) -> None:
        with Session(self.engine) as db, db.begin():
            db.execute(
                update(SeatRow)
                .where(SeatRow.session_id == session_id, SeatRow.player_id == player_id, SeatRow.revoked_at.is_(None))
                .values(revoked_at=time.time())
            )
