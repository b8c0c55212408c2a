"""The executive committee's review queue: closed commitments (fulfilled, partially
fulfilled, not fulfilled, withdrawn) whose reported status nobody has reviewed yet, or whose
latest review no longer judges it (a later report followed), those closed longest ago first,
each with a link to its review form.

Who reviews is tracker.permissions' rule (the committee, and admins); they read every
commitment, as the list of commitments shows them all (commitments carry no sensitivity).
The queue is projections.queries.reviews' `review_queue`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from marshmallow import fields, validate

from domain.vocabularies import REVIEW_VERDICTS
from projections import queries
from projections.queries.reviews import UNREVIEWED
from tracker.permissions import writers
from web.pages.display import words
from web.pages.forms import Form
from web.pages.forms.filters import Filters, load
from web.pages.read_models import all_coalitions
from web.pages.session import require_role, signed_in
from web.schemas.fields import WholeNumber
from web.schemas.queries import MOST_PAGES
from web.services import services

bp = Blueprint("reviews", __name__)

PER_PAGE = 50
QUEUE_SHOWN = 5  # commitments of the queue the fulfilment dashboard shows
REVIEWERS = writers("commitment", "review")


@bp.app_context_processor
def _reviewers() -> dict[str, Any]:
    """Who sees the review queue in the navigation (tracker.permissions says who may)."""
    return {"reviewers": REVIEWERS}


def queue_filters(coalitions: Sequence[str]) -> Filters:
    """The queue's filters: a coalition, and the page."""

    class QueueFilters(Filters):
        coalition = fields.String(load_default=None, validate=validate.OneOf(coalitions))
        page = WholeNumber(load_default=1, validate=validate.Range(min=1, max=MOST_PAGES))

    return QueueFilters()


def review_states() -> dict[str, str]:
    """How pages name each latest verdict, and none, in the page's language."""
    return {
        **{verdict: words(verdict).capitalize() for verdict in REVIEW_VERDICTS},
        UNREVIEWED: _("Not reviewed"),
    }


def waiting(filters: dict[str, Any], page: int = 1, per_page: int = PER_PAGE) -> dict[str, Any]:
    """A page of the commitments waiting for a review, for these filters (coalition, level,
    year; None values are left out)."""
    chosen = {name: value for name, value in filters.items() if value is not None}
    return queries.review_queue(services().engine, chosen, page, per_page)


def review_summary(coalition: str) -> dict[str, Any]:
    """A coalition's fulfilment rate as reported and as confirmed, its commitments by latest
    verdict, and the first of those waiting for a review (for its dashboard)."""
    tally = queries.fulfilment(services().engine, coalition=coalition)
    queue = waiting({"coalition": coalition}, per_page=QUEUE_SHOWN)
    return {
        "fulfilment_rate": tally["fulfilment_rate"],
        "confirmed_rate": tally["confirmed_rate"],
        "reviews": tally["reviews"],
        "states": review_states(),
        "queue": queue["items"],
        "queue_total": queue["total"],
    }


@bp.get("/reviews")
@signed_in
def queue() -> tuple[str, int]:
    """Closed commitments waiting for the committee's review, longest waiting first."""
    require_role(*REVIEWERS)
    form = Form(request.args)
    coalitions = all_coalitions()
    chosen = load(queue_filters([c["code"] for c in coalitions]), form)
    page = chosen.pop("page")
    answer = waiting(chosen, page)
    html = render_template(
        "reviews.html",
        form=form,
        coalition_options=[(c["code"], f"{c['name']} ({c['code']})") for c in coalitions],
        items=answer["items"],
        total=answer["total"],
        page=page,
        pages=max(1, -(-answer["total"] // PER_PAGE)),
    )
    return html, 422 if form.errors else 200
