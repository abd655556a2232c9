"""event columns for filtering and statistics; claims table

Revision ID: 0002_query_columns_claims
Revises: 0001_initial

The API filters and aggregates 100,000s of events: the values it filters on are
copied out of the JSON record into indexed columns.
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_query_columns_claims"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

_EVENT_COLUMNS = (
    ("status", sa.String(16)), ("credibility", sa.String(8)), ("date_precision", sa.String(8)),
    ("location", sa.String(256)), ("lat", sa.Float), ("lon", sa.Float),
    ("actor1", sa.String(128)), ("actor2", sa.String(128)), ("actor2_affiliation", sa.String(2)),
    ("sub_event_type", sa.String(64)), ("weapons", sa.String(256)),
    ("launched", sa.Integer), ("intercepted", sa.Integer), ("impacts", sa.Integer),
    ("killed", sa.Integer), ("injured", sa.Integer), ("n_sources", sa.Integer), ("search", sa.Text),
)


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        for name, kind in _EVENT_COLUMNS:
            batch.add_column(sa.Column(name, kind))
    op.create_index("ix_events_status", "events", ["status"])
    op.create_index("ix_events_actor1", "events", ["actor1"])
    op.create_index("ix_events_lat_lon", "events", ["lat", "lon"])
    op.create_table(
        "claims",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("doc_id", sa.String(512), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("value", sa.Integer),
        sa.Column("since", sa.Date), sa.Column("as_of", sa.Date),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_claims_doc_id", "claims", ["doc_id"])
    op.create_index("ix_claims_kind", "claims", ["kind"])


def downgrade() -> None:
    op.drop_table("claims")
    op.drop_index("ix_events_lat_lon", "events")
    op.drop_index("ix_events_actor1", "events")
    op.drop_index("ix_events_status", "events")
    with op.batch_alter_table("events") as batch:
        for name, _ in reversed(_EVENT_COLUMNS):
            batch.drop_column(name)
