"""Who may write what: the role table of DESIGN.md, checked before a body is even read.

An admin may do everything. A coalition lead writes the records of its own coalitions
(new records, sub-resources, corrections); an executive, commitment reviews; an evaluator,
outcome substantiations; a viewer, nothing. A decorator on each write view says which
roles besides admin may call it and, for a change, which record it changes: that record
must exist (404) and, for a lead, belong to one of its coalitions (403). The same
decorators document these answers and headers in the OpenAPI document, so the document
says what the server does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from copy import deepcopy
from functools import wraps
from http import HTTPStatus
from typing import Any
from uuid import UUID

from werkzeug.exceptions import Forbidden

from domain.coalitions import coalition_id
from domain.vocabularies import COALITION_CODE
from tracker.accounts import User
from tracker.permissions import WRITES, may_write, writers
from web.auth import current_user
from web.bodies import peek_json_object
from web.services import use_cases
from web.writes import if_match

Endpoint = Callable[..., Any]

IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "description": 'The version the change is based on, such as "3" (the ETag of a read).',
    "schema": {"type": "string", "pattern": '^("?[0-9]{1,18}"?|[*])?$'},
}
LOCATION = {"Location": {"description": "the record written", "schema": {"type": "string"}}}
CREATE_ERRORS = (400, 401, 403, 409, 413, 415, 422)
CHANGE_ERRORS = (400, 401, 403, 404, 409, 412, 413, 415, 422)
READ_ERRORS = (401, 404)


def guards_create(kind: str) -> Callable[[Endpoint], Endpoint]:
    """A view creating a record of `kind` (tracker.permissions' `WRITES` says who may); a
    lead may only name one of its own coalitions."""

    def decorator(view: Endpoint) -> Endpoint:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            _require_role(user, writers(kind, "create"))
            if not may_write(user, kind, "create", _coalition_named_in_body()):
                raise Forbidden("a coalition lead records only for its own coalitions")
            return view(*args, **kwargs)

        return document(guarded, CREATE_ERRORS, [], created=True)

    return decorator


def guards_change(kind: str, action: str, param: str) -> Callable[[Endpoint], Endpoint]:
    """A view making the write `action` (tracker.permissions' `WRITES` says who may) to the
    record of `kind` whose id (or coalition code) is in `param`."""

    def decorator(view: Endpoint) -> Endpoint:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            _require_role(user, writers(kind, action))
            if_match()  # a malformed If-Match is a 400 even where a replay would answer
            if user.role != "admin" and WRITES[(kind, action)].scoped:
                owner = use_cases().owner_of(kind, record_id(kind, kwargs[param]))
                if not may_write(user, kind, action, owner):
                    raise Forbidden("a coalition lead changes only its own coalitions' records")
            return view(*args, **kwargs)

        return document(guarded, CHANGE_ERRORS, [IF_MATCH], created=True)

    return decorator


def documents_read(view: Endpoint) -> Endpoint:
    """A view reading one record (any role; redaction is the view's business)."""
    etag = {"ETag": {"description": 'the version, such as "3"', "schema": {"type": "string"}}}
    return document(view, READ_ERRORS, [], headers_200=etag)


def documents_query(*errors: int) -> Callable[[Endpoint], Endpoint]:
    """A read view any role may call (redaction is the view's business), documenting the
    answers besides 200 it may give: 401 always, and those named (422 for a bad query)."""

    def decorator(view: Endpoint) -> Endpoint:
        return document(view, (401, *errors), [])

    return decorator


def reserved_for(*roles: str) -> Callable[[Endpoint], Endpoint]:
    """A read view for admins and the roles named; others hear 403 before their query is
    even read."""

    def decorator(view: Endpoint) -> Endpoint:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            _require_role(current_user(), ("admin", *roles))
            return view(*args, **kwargs)

        return document(guarded, (401, 403, 422), [])

    return decorator


def record_id(kind: str, value: Any) -> UUID:
    """The id named in a path: a coalition also by its code (404 when there is none)."""
    if kind == "coalition":
        return use_cases().coalition_id(str(value))
    return value if isinstance(value, UUID) else UUID(str(value))


def document(
    view: Endpoint,
    errors: Iterable[int],
    parameters: list[dict[str, Any]],
    *,
    created: bool = False,
    headers_200: dict[str, Any] | None = None,
) -> Endpoint:
    """Add the error answers and headers a guard produces to the view's OpenAPI operation."""
    doc = deepcopy(getattr(view, "_apidoc", {}))
    manual = doc.setdefault("manual_doc", {})
    if parameters:
        manual.setdefault("parameters", []).extend(deepcopy(parameters))
    responses = manual.setdefault("responses", {})
    for status in errors:
        responses[status] = HTTPStatus(status).name
    if created:
        responses[201] = {"headers": LOCATION}
    if headers_200:
        responses[200] = {"headers": headers_200}
    view._apidoc = doc  # type: ignore[attr-defined]
    return view


def _require_role(user: User, roles: tuple[str, ...]) -> None:
    if user.role not in roles:
        raise Forbidden(f"a {user.role} may not do this; it is for: {', '.join(roles)}")


def _coalition_named_in_body() -> UUID | None:
    """The coalition a create names, read before validation so a lead hears 403 first.

    A value that names no coalition at all is left to the schema and the use case (422).
    """
    data = peek_json_object()
    value = data.get("coalition") if data is not None else None
    if not isinstance(value, str):
        return None
    if COALITION_CODE.match(value):
        return coalition_id(value)
    try:
        return UUID(value)
    except ValueError:
        return None
