"""The event store: sessions, their append-only event logs, and snapshots of folded state.

Revision ID: 0001
Revises:
Create Date: 2025-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out rather than imported from game.store: a revision must keep creating the schema
# as it was, whatever the models later become.
JSONDocument = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("scenario_id", sa.String(200), nullable=False),
        sa.Column("scenario_version", sa.String(64), nullable=False),
        sa.Column("scenario_text", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("join_code", sa.String(32), nullable=True),
        sa.Column("status", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
        sa.UniqueConstraint("join_code", name="uq_sessions_join_code"),
    )
    op.create_table(
        "events",
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("visibility", JSONDocument, nullable=False),
        sa.Column("payload", JSONDocument, nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], name="fk_events_session_id_sessions"),
        sa.PrimaryKeyConstraint("session_id", "seq", name="pk_events"),
    )
    op.create_table(
        "snapshots",
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("state", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], name="fk_snapshots_session_id_sessions"),
        sa.PrimaryKeyConstraint("session_id", "seq", name="pk_snapshots"),
    )


def downgrade() -> None:
    op.drop_table("snapshots")
    op.drop_table("events")
    op.drop_table("sessions")
