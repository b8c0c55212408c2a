"""Who is asking: every request under /api/v1 carries `Authorization: Bearer <token>`.

Tokens are looked up by their SHA-256 (tracker.accounts); a missing, unknown or disabled
token is a 401 with `WWW-Authenticate: Bearer` before any view runs. The documents and
/healthz are outside /api/v1 and need no token.
"""

from __future__ import annotations

from flask import Flask, g, request
from werkzeug.exceptions import Unauthorized

from tracker.accounts import User, authenticate_token
from tracker.permissions import acting_as
from web.services import services

API_PREFIX = "/api/v1"


def register_authentication(app: Flask) -> None:
    """Authenticate every API request before it reaches a view."""
    app.before_request(_authenticate)
    app.teardown_request(_forget_actor)


def _forget_actor(_error: BaseException | None) -> None:
    """Nobody acts once the request is over (work done later in this thread is not theirs)."""
    acting_as(None)


def current_user() -> User:
    """The user the request acts for (set by the authentication hook)."""
    user: User = g.user
    return user


def _authenticate() -> None:
    acting_as(None)  # a thread serves many requests: nobody acts until someone signs in
    if request.path != API_PREFIX and not request.path.startswith(API_PREFIX + "/"):
        return
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("send Authorization: Bearer <token>; `tracker users token` makes one")
    user = authenticate_token(services().engine, token.strip())
    if user is None:
        raise Unauthorized("the token is unknown, replaced or its user disabled")
    g.user = user
    acting_as(user)
