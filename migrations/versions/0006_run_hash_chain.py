"""run hash chain: each run's root sha256 over its rows and the previous run's root

`runs` gains `root_sha256` and `previous_root_sha256`; `run_digests` holds, per run and table,
the digest of the rows the run wrote and a CRC-32 of each row (reconcile.store.chain). Runs
stored before this revision keep a NULL root: `reconcile audit verify` calls them not chained.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""
from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: Union[str, None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('root_sha256', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('previous_root_sha256', sa.String(length=64), nullable=True))
    op.create_table('run_digests',
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_count', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('row_crc32', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_run_digests_run_id_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('run_id', 'table_name', name=op.f('pk_run_digests'))
    )


def downgrade() -> None:
    op.drop_table('run_digests')
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+), not a batch copy of `runs`: dropping the old
    # copy of the parent of every table would cascade-delete their rows where foreign keys are on.
    op.drop_column('runs', 'previous_root_sha256')
    op.drop_column('runs', 'root_sha256')
