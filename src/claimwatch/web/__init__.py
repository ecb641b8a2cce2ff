"""The web UI: server-rendered pages over the ledger (Jinja2 templates, own CSS and JS, no CDN).

:func:`claimwatch.web.site.install` adds the pages, the static files and the security headers
to the app that :func:`claimwatch.api.app.create_app` builds.
"""
