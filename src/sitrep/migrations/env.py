"""Alembic environment: run migrations on the connection sitrep's Ledger passes in."""
from alembic import context

from sitrep.schema import Base

connection = context.config.attributes.get("connection")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
