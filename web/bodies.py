"""Reading a request body as JSON, strictly and once per request.

A body that is not declared JSON is a 415; anything that is not strict JSON (NaN,
Infinity, bad UTF-8, nesting too deep for the parser) is a 400. The parse is kept for the
request, so the access check, the idempotency key and the schema all read the same value.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import Any

from flask import Flask, g, request
from webargs import core
from werkzeug.exceptions import RequestEntityTooLarge, UnsupportedMediaType

from domain.texts import unsafe_characters
from web.problems import ApiProblem

NO_BODY = core.missing
# The only paths whose bodies may be larger than MAX_CONTENT_LENGTH (up to the app's
# MAX_UPLOAD_LENGTH): an import's file, sent to the API or from the import page.
UPLOADS = frozenset({"/api/v1/imports", "/imports"})
_CACHE = "json_body"
_TOO_LARGE = "tracker.body_too_large"  # set in the WSGI environ by ChunkedBodyLimit


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def json_body() -> Any:
    """The request's JSON body, NO_BODY when there is none; 415 or 400 when it is not JSON."""
    if _CACHE in g:
        return g.get(_CACHE)
    data = request.get_data(cache=True)
    if not data:
        value: Any = NO_BODY
    elif not core.is_json(request.mimetype):
        raise UnsupportedMediaType("send the body as JSON, with Content-Type: application/json")
    else:
        try:
            value = json.loads(data.decode("utf-8"), parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as error:  # JSONDecodeError, UnicodeDecodeError
            raise ApiProblem(
                400, f"the body is not valid JSON: {error}", slug="malformed-json"
            ) from None
    if bad := unsafe_texts(value):
        raise ApiProblem(
            422, "some texts hold characters no record may keep", slug="invalid-fields", errors=bad
        )
    setattr(g, _CACHE, value)
    return value


def unsafe_texts(value: Any, path: str = "") -> dict[str, list[str]]:
    """Every place in a parsed body (values and keys) holding a control character or a lone
    surrogate, by field path: refused as a whole before any schema reads the body."""
    found: dict[str, list[str]] = {}
    if isinstance(value, str):
        if bad := unsafe_characters(value):
            message = f"must not contain control characters or lone surrogates ({bad})"
            found[path or "body"] = [message]
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if unsafe_characters(str(key)):
                where = f"{path}.<key>" if path else "<key>"
                found[where] = ["a field name must not contain control characters"]
                continue
            found.update(unsafe_texts(item, where))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.update(unsafe_texts(item, f"{path}.{index}" if path else str(index)))
    return found


def peek_json_object() -> dict[str, Any] | None:
    """The body if it is a JSON object, else None (its problems are reported later)."""
    try:
        value = json_body()
    except (ApiProblem, UnsupportedMediaType):
        return None
    return value if isinstance(value, dict) else None


class ChunkedBodyLimit:
    """WSGI middleware: a body sent without a length (`Transfer-Encoding: chunked`) is read
    here, up to the app's MAX_CONTENT_LENGTH (MAX_UPLOAD_LENGTH on the UPLOADS paths), and
    handed on with its length, so that one over the limit is a 413 like any other, not a
    body cut short at the limit (which Werkzeug does, and which the JSON parser then calls
    malformed: a 400)."""

    def __init__(self, app: Any, limit: int, upload_limit: int) -> None:
        self.app, self.limit, self.upload_limit = app, limit, upload_limit

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and not environ.get("CONTENT_LENGTH"):
            limit = self.upload_limit if _is_upload(environ) else self.limit
            data = environ["wsgi.input"].read(limit + 1)
            if len(data) > limit:
                environ[_TOO_LARGE] = True
                data = b""
            environ["wsgi.input"] = io.BytesIO(data)
            environ["CONTENT_LENGTH"] = str(len(data))
            environ.pop("wsgi.input_terminated", None)
            environ.pop("HTTP_TRANSFER_ENCODING")  # Werkzeug ignores a length beside it
        return self.app(environ, start_response)


def register_body_limit(app: Flask) -> None:
    """Answer 413 to a body over MAX_CONTENT_LENGTH (MAX_UPLOAD_LENGTH on the UPLOADS paths),
    chunked or not, through the usual error pages."""
    limit, upload_limit = app.config["MAX_CONTENT_LENGTH"], app.config["MAX_UPLOAD_LENGTH"]
    app.wsgi_app = ChunkedBodyLimit(app.wsgi_app, limit, upload_limit)  # type: ignore[method-assign]

    @app.before_request
    def _refuse_too_large() -> None:
        if request.environ.get(_TOO_LARGE):
            raise RequestEntityTooLarge()
        if request.method == "POST" and _is_upload(request.environ):
            request.max_content_length = upload_limit  # read lazily: not read yet


def _is_upload(environ: dict[str, Any]) -> bool:
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    return environ.get("REQUEST_METHOD") == "POST" and path.rstrip("/") in UPLOADS
