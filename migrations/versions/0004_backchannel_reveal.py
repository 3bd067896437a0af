"""The debrief's back-channel reveal: whether the class may see a session's private messages.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "backchannel_reveals",
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("revealed", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], name="fk_backchannel_reveals_session_id_sessions"),
        sa.PrimaryKeyConstraint("session_id", name="pk_backchannel_reveals"),
    )


def downgrade() -> None:
    op.drop_table("backchannel_reveals")
