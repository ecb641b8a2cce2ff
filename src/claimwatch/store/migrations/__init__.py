"""Alembic migrations of the ledger, run programmatically by :func:`claimwatch.store.db.migrate`."""
