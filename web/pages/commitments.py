"""Every commitment, a page at a time, filtered as the dashboard is: the executive
committee's way from a count on the dashboard to each commitment and its review form."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from projections import queries
from web.pages.forms import Form
from web.pages.forms.filters import commitment_filters, load
from web.pages.fulfilment import years_shown
from web.pages.read_models import all_coalitions
from web.pages.session import signed_in
from web.services import services

bp = Blueprint("commitments", __name__)

PER_PAGE = 50


@bp.get("/commitments")
@signed_in
def listed() -> tuple[str, int]:
    """Commitments by coalition, status, level, year made and whether overdue."""
    form = Form(request.args)
    coalitions = all_coalitions()
    years = years_shown()
    chosen = load(commitment_filters([c["code"] for c in coalitions], years), form)
    page = chosen.pop("page")
    filters = {name: value for name, value in chosen.items() if value is not None}
    answer = queries.commitments(services().engine, filters, page=page, per_page=PER_PAGE)
    html = render_template(
        "commitments.html",
        form=form,
        coalition_options=[(c["code"], f"{c['name']} ({c['code']})") for c in coalitions],
        year_options=[(str(y), str(y)) for y in years],
        items=answer["items"],
        total=answer["total"],
        page=page,
        pages=max(1, -(-answer["total"] // PER_PAGE)),
    )
    return html, 422 if form.errors else 200
