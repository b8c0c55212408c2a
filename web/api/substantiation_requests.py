"""Outside substantiation: links that ask a person outside the partnership to confirm or
dispute an outcome, asked for, listed and revoked by its evaluators, admins and the leads
of its coalition (tracker.substantiation keeps them; web.pages.outside answers them).

The link is in the answer to its request only: its token is kept as a hash, so no replay
(`Idempotency-Key`) could give it again, and this endpoint does not keep such keys.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from werkzeug.exceptions import Forbidden, NotFound

from tracker import substantiation
from tracker.accounts import user_names
from tracker.permissions import OUTSIDE_ASKERS, may_ask_outside
from web.access import document
from web.api.blueprint import Blueprint
from web.auth import current_user
from web.outside_links import outside_link
from web.schemas.queries import PageQuery
from web.schemas.substantiation_requests import (
    SubstantiationRequestCreatedOut,
    SubstantiationRequestIn,
    SubstantiationRequestsOut,
)
from web.services import services, use_cases

bp = Blueprint(
    "substantiation_requests",
    __name__,
    url_prefix="/outcomes",
    description="Links asking people outside the partnership to substantiate an outcome.",
)
PATH = "/<uuid:outcome_id>/substantiation-requests"


def guards_asking(errors: tuple[int, ...]) -> Callable[[Any], Any]:
    """A view about an outcome's requests: 403 outside the roles that ask, 404 for an
    unknown outcome, 403 for a lead of another coalition (as an outcome's writes answer)."""

    def decorator(view: Any) -> Any:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user.role not in OUTSIDE_ASKERS:
                raise Forbidden(
                    f"a {user.role} may not do this; it is for: {', '.join(OUTSIDE_ASKERS)}"
                )
            owner = use_cases().owner_of("outcome", kwargs["outcome_id"])
            if not may_ask_outside(user, owner):
                raise Forbidden("a coalition lead asks only about its own coalitions' outcomes")
            return view(*args, **kwargs)

        return document(guarded, errors, [])

    return decorator


@bp.route(PATH, methods=["POST"])
@guards_asking((400, 401, 403, 404, 413, 415, 422))
@bp.arguments(SubstantiationRequestIn)
@bp.response(201, SubstantiationRequestCreatedOut)
def ask(body: dict[str, Any], outcome_id: UUID) -> Any:
    """Ask a person outside the partnership to substantiate the outcome: the answer's
    `link` works once, without an account, until the end of `expires_on` (UTC). Send it
    to them; it is not shown again."""
    request, token = substantiation.ask(
        services().engine, outcome_id=outcome_id, asked_by=current_user().id, **body
    )
    return {"id": request.id, "link": outside_link(token)}, 201


@bp.route(PATH, methods=["GET"])
@guards_asking((401, 403, 404, 422))
@bp.arguments(PageQuery, location="query")
@bp.response(200, SubstantiationRequestsOut)
def requests(query: dict[str, int], outcome_id: UUID) -> Any:
    """The outcome's requests, oldest first, with whom each asked and whether its link was
    used, revoked or has expired (never the link itself)."""
    engine = services().engine
    found = substantiation.requests_for(engine, outcome_id)
    page, per_page = query["page"], query["per_page"]
    shown = found[(page - 1) * per_page : page * per_page]
    names = user_names(engine, (r.asked_by for r in shown))
    items = [{**vars(r), "asked_by": names[r.asked_by], "status": r.status()} for r in shown]
    return {"items": items, "page": page, "per_page": per_page, "total": len(found)}


@bp.route(PATH + "/<uuid:request_id>", methods=["DELETE"])
@guards_asking((401, 403, 404))
@bp.response(204)
def revoke(outcome_id: UUID, request_id: UUID) -> Any:
    """Revoke a link: from now on it answers 410 (a used link stays used)."""
    if not substantiation.revoke(services().engine, outcome_id, str(request_id), current_user().id):
        raise NotFound("the outcome has no such substantiation request")
    return "", 204
