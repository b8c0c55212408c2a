"""The one place where errors become answers: RFC 9457 `application/problem+json`.

Views never catch errors: the use cases raise what went wrong in the partnership's terms,
the edges raise HTTP errors, and this module maps each once, to a status and a body with
`type`, `title`, `status`, `detail` and, for bad fields, `errors` {field path: [messages]}
(nested fields by path, `commitments.1.due_on`). Nothing here ever shows a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any

from eventsourcing.persistence import OperationalError as StoreUnavailable
from flask import Flask, Response, current_app
from sqlalchemy.exc import OperationalError as DatabaseUnavailable
from werkzeug.exceptions import HTTPException

from domain.errors import IllegalTransition, InvalidRecord, RecordClosed
from tracker.errors import ConcurrentUpdate, DuplicateRecord, RecordNotFound, StaleVersion

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "urn:advocacy-tracker:problem:"
# Where a message belongs to the body as a whole rather than to a field.
BODY = "body"
LOCATIONS = ("json", "query", "querystring", "headers", "view_args", "path", "multipart")

log = logging.getLogger(__name__)


class ApiProblem(Exception):
    """A problem the web edge itself finds (a reused idempotency key, a bad If-Match...)."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        slug: str | None = None,
        errors: Mapping[str, list[str]] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.slug, self.errors = status, detail, slug, errors


def problem(
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    title: str | None = None,
    errors: Mapping[str, list[str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """An `application/problem+json` answer."""
    body: dict[str, Any] = {
        "type": TYPE_BASE + slug if slug else "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = {field: list(messages) for field, messages in errors.items()}
    response = current_app.response_class(
        current_app.json.dumps(body), status=status, mimetype=PROBLEM_JSON
    )
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def field_paths(messages: Any) -> dict[str, list[str]]:
    """marshmallow's nested messages flattened to {`commitments.1.due_on`: [...]}."""
    flat: dict[str, list[str]] = {}

    def walk(node: Any, path: list[str]) -> None:
        if isinstance(node, Mapping):
            for key, value in node.items():
                walk(value, path if key == "_schema" else [*path, str(key)])
        elif isinstance(node, list | tuple):
            for item in node:
                walk(item, path)
        else:
            flat.setdefault(".".join(path) or BODY, []).append(str(node))

    walk(messages, [])
    return flat


def register_error_handlers(app: Flask) -> None:
    """Map every error to problem+json; registered after flask-smorest's, so they win."""
    handlers: tuple[tuple[type[Exception], Callable[[Any], Response]], ...] = (
        (InvalidRecord, _invalid_record),
        (DuplicateRecord, _duplicate),
        (RecordNotFound, _not_found),
        (IllegalTransition, _illegal_transition),
        (RecordClosed, _closed),
        (ConcurrentUpdate, _concurrent),
        (StaleVersion, _stale),
        (ApiProblem, _api_problem),
        (StoreUnavailable, _busy),
        (DatabaseUnavailable, _busy),
        (HTTPException, _http),
        (Exception, _unexpected),
    )
    for error, handler in handlers:
        app.register_error_handler(error, handler)


def _invalid_record(error: InvalidRecord) -> Response:
    return problem(422, "some fields break the rules", slug="invalid-fields", errors=error.errors)


def _duplicate(error: DuplicateRecord) -> Response:
    return problem(422, str(error), slug="duplicate", errors={error.field: [str(error)]})


def _not_found(error: RecordNotFound) -> Response:
    return problem(404, str(error), slug="not-found")


def _illegal_transition(error: IllegalTransition) -> Response:
    return problem(409, str(error), slug="illegal-transition", errors={"status": [str(error)]})


def _closed(error: RecordClosed) -> Response:
    return problem(409, str(error), slug="record-closed")


def _concurrent(error: ConcurrentUpdate) -> Response:
    return problem(409, str(error), slug="concurrent-update")


def _stale(error: StaleVersion) -> Response:
    return problem(
        412,
        f'{error}; read it again and retry with If-Match: "{error.actual}"',
        slug="stale-version",
        headers={"ETag": f'"{error.actual}"'},
    )


def _api_problem(error: ApiProblem) -> Response:
    return problem(error.status, error.detail, slug=error.slug, errors=error.errors)


def _busy(error: Exception) -> Response:
    """The database is unreachable or too busy to answer in time: nothing was saved."""
    log.warning("database unavailable: %s", error)
    return problem(
        503,
        "the database is unavailable or too busy; nothing was saved, retry in a moment",
        slug="unavailable",
        headers={"Retry-After": "1"},
    )


def _http(error: HTTPException) -> Response:
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    messages = data.get("messages") or data.get("errors")
    headers = {
        name: value
        for name, value in error.get_response().headers.items()
        if name in ("Allow", "WWW-Authenticate", "Retry-After")
    }
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
    if status == 400 and messages:  # webargs: the body is not JSON at all
        return problem(400, "the body is not valid JSON", slug="malformed-json")
    if status == 422 and messages:
        # webargs nests messages under the location: {"json": {...}}; a client wants fields.
        by_location = dict(messages)
        errors: dict[str, list[str]] = {}
        for location, by_field in by_location.items():
            errors.update(field_paths(by_field if location in LOCATIONS else {location: by_field}))
        return problem(
            422,
            "some fields are missing, unknown or malformed",
            slug="invalid-fields",
            errors=errors,
        )
    detail = error.description or error.name
    return problem(status, detail, headers=headers)


def _unexpected(error: Exception) -> Response:
    log.exception("unexpected error", exc_info=error)
    return problem(500, "something went wrong on our side; it has been logged")
