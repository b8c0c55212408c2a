"""Where each role starts, the list of coalitions, a coalition's dashboard and timeline.

A coalition lead lands on their coalition's dashboard: what happened lately, which
commitments are open and which overdue, and the forms to record what happened next.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from web.pages.forms import Form
from web.pages.forms.filters import TimelineFilters, load
from web.pages.read_models import (
    all_coalitions,
    coalition_named,
    commitments_where,
    open_commitments,
    timeline_page,
)
from web.pages.reviews import review_summary
from web.pages.session import current, leads, signed_in

bp = Blueprint("dashboard", __name__)

PER_PAGE = 50
# Each role's first page after signing in.
HOMES = {
    "executive": "pages.fulfilment.dashboard",
    "evaluator": "pages.impact.outcomes",
    "admin": "pages.dashboard.coalitions",
    "viewer": "pages.dashboard.coalitions",
}


@bp.get("/")
@signed_in
def home() -> Response:
    """Send each reader to the page their work starts from."""
    user = current()
    if user.role == "coalition_lead" and user.coalitions:
        return redirect(url_for("pages.dashboard.coalition", code=user.coalitions[0]))
    return redirect(url_for(HOMES.get(user.role, "pages.dashboard.coalitions")))


@bp.get("/coalitions")
@signed_in
def coalitions() -> str:
    """Every coalition of the partnership."""
    return render_template("coalitions.html", coalitions=all_coalitions())


@bp.get("/coalitions/<code>")
@signed_in
def coalition(code: str) -> str:
    """A coalition's recent timeline, its open and overdue commitments, and its forms."""
    found = coalition_named(code)
    user = current()
    recent, total = timeline_page(user, found.code, per_page=12)
    commitments, open_count = open_commitments(found.code)
    overdue, overdue_count = commitments_where(coalition=found.code, overdue=True)
    return render_template(
        "coalition.html",
        coalition=found,
        recent=recent,
        total=total,
        commitments=commitments,
        open_count=open_count,
        overdue=overdue,
        overdue_count=overdue_count,
        reviews=review_summary(found.code),
        writes=leads(user, found.id),
    )


@bp.get("/coalitions/<code>/timeline")
@signed_in
def coalition_timeline(code: str) -> tuple[str, int]:
    """Everything that happened in a coalition's work, in the order it happened."""
    found = coalition_named(code)
    form = Form(request.args)
    chosen = load(TimelineFilters(), form)
    page = chosen["page"]
    entries, total = timeline_page(
        current(),
        found.code,
        newest_first=chosen["order"] == "desc",
        since=chosen["from_"],
        until=chosen["to"],
        page=page,
        per_page=PER_PAGE,
    )
    html = render_template(
        "timeline.html",
        coalition=found,
        entries=entries,
        total=total,
        form=form,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
    )
    return html, 422 if form.errors else 200
