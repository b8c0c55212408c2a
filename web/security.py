"""Headers every answer carries, so a browser neither frames, sniffs nor caches what it must not.

DESIGN.md "Safe input and safe reading": a Content-Security-Policy of `default-src 'self'`
with no inline script and `frame-ancestors 'none'`, `X-Content-Type-Options: nosniff`,
`Referrer-Policy: same-origin`, and `Cache-Control: no-store` on everything that needs a
token or a session. Only files that are the same for everyone (the stylesheet, Swagger UI's
own files) may be cached.
"""

from __future__ import annotations

from flask import Flask, Response, request

POLICY = "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
# Swagger UI sets style attributes in the markup it builds; its scripts stay 'self' only.
DOCS_POLICY = POLICY + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:"
# Files that are the same for every reader, needing neither a token nor a session.
PUBLIC_FILES = ("/static/", "/api/docs/assets/")


def register_security_headers(app: Flask) -> None:
    """Add the headers to every answer, errors and redirects included."""
    app.after_request(_secure)


def _secure(response: Response) -> Response:
    path = request.path
    docs = path == "/api/docs" or path.startswith("/api/docs/")
    response.headers["Content-Security-Policy"] = DOCS_POLICY if docs else POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"  # for browsers that ignore frame-ancestors
    if not path.startswith(PUBLIC_FILES):
        response.headers["Cache-Control"] = "no-store"
    return response
