"""The REST API: a FastAPI app over the ledger, with the web UI mounted beside it.

Build it with :func:`claimwatch.api.app.create_app`; ``claimwatch serve`` runs it with uvicorn.
The JSON API lives under ``/api/`` (schema at ``/api/openapi.json``), the pages at ``/``.
"""
