"""the ledger's write version

Revision ID: 0004_ledger_state
Revises: 0003_serving_indexes

One row whose `version` every ingest batch raises in the transaction that writes it.
An ingest that holds events in memory compares it, under the write lock, with the
version it last wrote or read: if another process wrote in between, it reloads the
ledger before merging, so events are merged against what is committed.
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_ledger_state"
down_revision = "0003_serving_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    state = op.create_table("ledger_state", sa.Column("id", sa.Integer, primary_key=True),
                            sa.Column("version", sa.BigInteger, nullable=False))
    op.bulk_insert(state, [{"id": 1, "version": 0}])


def downgrade() -> None:
    op.drop_table("ledger_state")
