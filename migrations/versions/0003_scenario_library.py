"""The scenario library: instructors' own scenarios and every version of their text.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "library_scenarios",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.String(64), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["instructors.id"], name="fk_library_scenarios_owner_id_instructors"),
        sa.PrimaryKeyConstraint("id", name="pk_library_scenarios"),
        sa.UniqueConstraint("scenario_id", name="uq_library_scenarios_scenario_id"),
    )
    op.create_index("ix_library_scenarios_owner_id", "library_scenarios", ["owner_id"])
    op.create_table(
        "scenario_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("library_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("saved_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("published_at", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["library_id"], ["library_scenarios.id"], name="fk_scenario_versions_library_id_library_scenarios"),
        sa.ForeignKeyConstraint(["saved_by"], ["instructors.id"], name="fk_scenario_versions_saved_by_instructors"),
        sa.PrimaryKeyConstraint("id", name="pk_scenario_versions"),
        sa.UniqueConstraint("library_id", "number", name="uq_scenario_versions_library_id"),
    )


def downgrade() -> None:
    op.drop_table("scenario_versions")
    op.drop_index("ix_library_scenarios_owner_id", "library_scenarios")
    op.drop_table("library_scenarios")
