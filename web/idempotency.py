"""`Idempotency-Key` on a POST: a retried request is answered once, with no second event.

The key is scoped to the user, the method and the path, and kept in the database (see
tracker.idempotency), so a retry reaching another process, or the same one after a
restart, gets the first answer with `Idempotency-Replayed: true`. The same key with
another body is a 422; while the first request still runs, a 409. Only a successful
answer is kept: after a failure the key is released, so the client may simply retry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from copy import deepcopy
from functools import wraps
from typing import Any

from flask import Response, current_app, make_response, request

from tracker.idempotency import Stored, claim, complete, release, scope_of
from web.auth import current_user
from web.bodies import peek_json_object
from web.problems import ApiProblem
from web.services import services

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200
PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "description": "Retry-safe writes: the same key and body answer the first response again.",
    "schema": {
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_KEY_LENGTH,
        "pattern": "^[ -~]+$",
    },
}


def idempotent(view: Callable[..., Any]) -> Callable[..., Response]:
    """A write view that an `Idempotency-Key` makes safe to retry (see `once`); put it below
    the guard that says who may write, so that nobody else learns of a stored answer."""

    @wraps(view)
    def retry_safe(*args: Any, **kwargs: Any) -> Response:
        return once(lambda: make_response(view(*args, **kwargs)))

    doc = deepcopy(getattr(view, "_apidoc", {}))
    doc.setdefault("manual_doc", {}).setdefault("parameters", []).append(deepcopy(PARAMETER))
    retry_safe._apidoc = doc  # type: ignore[attr-defined]
    return retry_safe


def once(run: Callable[[], Response]) -> Response:
    """Run the write, unless this key has run it already (then replay its answer)."""
    key = request.headers.get(HEADER)
    if key is None or request.method != "POST":
        return run()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable() or not key.isascii():
        raise ApiProblem(
            422,
            "Idempotency-Key must be 1 to 200 printable ASCII characters",
            slug="invalid-fields",
            errors={HEADER: ["must be 1 to 200 printable ASCII characters, such as a UUID"]},
        )
    engine = services().engine
    scope = scope_of(current_user().id, request.method, request.path, key)
    found = claim(engine, scope, _body_hash())
    if found.mismatch:
        raise ApiProblem(
            422,
            "this Idempotency-Key was used with another body; use a new key for a new request",
            slug="idempotency-key-reused",
            errors={HEADER: ["was used before with another body"]},
        )
    if found.running:
        raise ApiProblem(
            409,
            "a request with this Idempotency-Key is still running; retry in a moment",
            slug="idempotency-key-in-use",
        )
    if found.stored is not None:
        return _replay(found.stored)
    try:
        response = run()
    except BaseException:
        release(engine, scope)
        raise
    if 200 <= response.status_code < 300:
        answer = Stored(response.status_code, response.get_data(as_text=True), response.location)
        complete(engine, scope, answer)
    else:
        release(engine, scope)
    return response


def _body_hash() -> str:
    """The same JSON, however spaced or ordered, is the same body."""
    value = peek_json_object()
    if value is None:
        return hashlib.sha256(request.get_data(cache=True)).hexdigest()
    canonical = json.dumps(value, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _replay(stored: Stored) -> Response:
    response = current_app.response_class(
        stored.body, status=stored.status, mimetype="application/json"
    )
    if stored.location:
        response.headers["Location"] = stored.location
    response.headers["Idempotency-Replayed"] = "true"
    return response
