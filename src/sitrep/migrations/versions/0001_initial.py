"""initial ledger schema: documents, rejections, events, mentions

Revision ID: 0001_initial
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(512), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("url", sa.Text), sa.Column("title", sa.Text), sa.Column("outlet", sa.String(256)),
        sa.Column("published", sa.Date), sa.Column("reference_date", sa.Date),
        sa.Column("reference_source", sa.String(16), nullable=False),
        sa.Column("source_path", sa.Text), sa.Column("raw_text", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False), sa.Column("removed", sa.JSON),
        sa.Column("credibility", sa.String(8)), sa.Column("flags", sa.JSON), sa.Column("trust", sa.JSON),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_documents_content_hash", "documents", ["content_hash"], unique=True)
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_table(
        "rejections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.Text, nullable=False), sa.Column("reason", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.String(32), primary_key=True), sa.Column("date", sa.Date),
        sa.Column("country", sa.String(2)), sa.Column("place_id", sa.String(128)),
        sa.Column("actor1_affiliation", sa.String(2)), sa.Column("data", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    for column in ("date", "country", "place_id"):
        op.create_index(f"ix_events_{column}", "events", [column])
    op.create_table(
        "mentions",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("doc_id", sa.String(512), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("event_id", sa.String(32), sa.ForeignKey("events.id"), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_mentions_doc_id", "mentions", ["doc_id"])
    op.create_index("ix_mentions_event_id", "mentions", ["event_id"])


def downgrade() -> None:
    for table in ("mentions", "events", "rejections", "documents"):
        op.drop_table(table)
