"""resolution payloads: each resolution's JSON, encoded once when it is computed

`resolution_payloads` holds the contract's JSON object of a resolution, its claims included, so
that a run's report (and an incremental run's, which carries most resolutions forward) is a
concatenation of stored texts. Existing runs get none: they are reported from their rows as
before, and the next run after them is a full one.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""
from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: Union[str, None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('resolution_payloads',
    sa.Column('resolution_id', sa.Integer(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['resolution_id'], ['resolutions.id'], name=op.f('fk_resolution_payloads_resolution_id_resolutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('resolution_id', name=op.f('pk_resolution_payloads'))
    )


def downgrade() -> None:
    op.drop_table('resolution_payloads')
