"""compressed payloads: resolution JSON stored zstd-compressed; indexes of unmatched and unreadable

`resolution_payloads.payload` (text) becomes `json_zstd` (the UTF-8 text, zstd-compressed: about
a fifth of the size), converted row by row both ways. Two partial indexes let the unmatched and
errors lists of a run read their few rows instead of scanning a million.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""
from __future__ import annotations

from typing import Callable, Sequence, Union

import sqlalchemy as sa
import zstandard
from alembic import op

revision: str = '0005'
down_revision: Union[str, None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_BATCH = 1000  # rows converted at a time: payloads are kilobytes each


def upgrade() -> None:
    with op.batch_alter_table('resolution_payloads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('json_zstd', sa.LargeBinary(), nullable=True))
    compress = zstandard.ZstdCompressor(level=3).compress
    _convert('payload', 'json_zstd', lambda text: compress(text.encode()))
    with op.batch_alter_table('resolution_payloads', schema=None) as batch_op:
        batch_op.alter_column('json_zstd', existing_type=sa.LargeBinary(), nullable=False)
        batch_op.drop_column('payload')

    with op.batch_alter_table('claim_values', schema=None) as batch_op:
        batch_op.create_index('ix_claim_values_errors', ['claim_pk'], unique=False,
                              sqlite_where=sa.text('error IS NOT NULL'),
                              postgresql_where=sa.text('error IS NOT NULL'))
    with op.batch_alter_table('entity_matches', schema=None) as batch_op:
        batch_op.create_index('ix_entity_matches_unmatched', ['claim_pk'], unique=False,
                              sqlite_where=sa.text('entity_id IS NULL'),
                              postgresql_where=sa.text('entity_id IS NULL'))


def downgrade() -> None:
    with op.batch_alter_table('entity_matches', schema=None) as batch_op:
        batch_op.drop_index('ix_entity_matches_unmatched')
    with op.batch_alter_table('claim_values', schema=None) as batch_op:
        batch_op.drop_index('ix_claim_values_errors')

    with op.batch_alter_table('resolution_payloads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('payload', sa.Text(), nullable=True))
    decompress = zstandard.ZstdDecompressor().decompress
    _convert('json_zstd', 'payload', lambda blob: decompress(blob).decode())
    with op.batch_alter_table('resolution_payloads', schema=None) as batch_op:
        batch_op.alter_column('payload', existing_type=sa.Text(), nullable=False)
        batch_op.drop_column('json_zstd')


def _convert(source: str, target: str, convert: Callable) -> None:
    """Fill column `target` with `convert(source)`, in batches of rows by resolution id."""
    conn = op.get_bind()
    table = sa.table('resolution_payloads', sa.column('resolution_id', sa.Integer()),
                     sa.column('payload', sa.Text()), sa.column('json_zstd', sa.LargeBinary()))
    last = 0
    while True:
        rows = conn.execute(sa.select(table.c.resolution_id, table.c[source])
                            .where(table.c.resolution_id > last)
                            .order_by(table.c.resolution_id).limit(_BATCH)).all()
        if not rows:
            return
        conn.execute(table.update().where(table.c.resolution_id == sa.bindparam('rid'))
                     .values({target: sa.bindparam('value')}),
                     [{'rid': rid, 'value': convert(value)} for rid, value in rows])
        last = rows[-1][0]
