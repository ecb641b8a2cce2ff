"""Monitoring: watched sources (configuration, polite fetching, polling state), alert rules and
their delivery. Calls the same ingest as the CLI and keeps its state in the ledger."""
