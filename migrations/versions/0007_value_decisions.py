"""value decisions: reviewers prefer claims, reject one, pin a range or reopen a key

`value_decisions` holds every decision, never updated; a run applies, per key, those since the
key's last reopen (reconcile.value_review). `follows` is the key's decision the reviewer saw
(0: none): unique with the key, so of two reviewers deciding one key at once the second is
refused ("changed since you opened it") by the database itself, never silently stacked.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""
from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: Union[str, None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('value_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('subject_id', sa.String(length=200), nullable=False),
    sa.Column('attribute', sa.String(length=200), nullable=False),
    sa.Column('object_id', sa.String(length=200), nullable=True),
    sa.Column('as_of', sa.String(length=32), nullable=True),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('claim_ids', sa.JSON(), nullable=False),
    sa.Column('low', sa.String(length=64), nullable=True),
    sa.Column('high', sa.String(length=64), nullable=True),
    sa.Column('low_inclusive', sa.Boolean(), nullable=False),
    sa.Column('high_inclusive', sa.Boolean(), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=True),
    sa.Column('currency', sa.String(length=8), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('source_url', sa.Text(), nullable=True),
    sa.Column('seen', sa.JSON(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('decided_by', sa.String(length=200), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('follows', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_value_decisions')),
    sa.UniqueConstraint('key', 'follows', name=op.f('uq_value_decisions_key_follows'))
    )
    with op.batch_alter_table('value_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_value_decisions_key'), ['key'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('value_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_value_decisions_key'))
    op.drop_table('value_decisions')
