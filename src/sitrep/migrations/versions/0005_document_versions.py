"""earlier versions of replaced documents

Revision ID: 0005_document_versions
Revises: 0004_ledger_state

`sitrep ingest --replace` stores a new version of a document under the same id; the
version it replaces is kept here (its text, description and the events it was part
of), so `sitrep document ID` can show the document's history.
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_document_versions"
down_revision = "0004_ledger_state"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(512), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("url", sa.Text), sa.Column("title", sa.Text), sa.Column("outlet", sa.String(256)),
        sa.Column("published", sa.Date), sa.Column("source_path", sa.Text),
        sa.Column("raw_text", sa.Text, nullable=False),
        sa.Column("mentions", sa.Integer, nullable=False),
        sa.Column("events", sa.JSON),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
        sa.Column("replaced_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_document_versions_doc_id", "document_versions", ["doc_id"])


def downgrade() -> None:
    op.drop_index("ix_document_versions_doc_id", table_name="document_versions")
    op.drop_table("document_versions")
