"""The executive committee's fulfilment dashboard: how many commitments were kept, by
coalition, level of government and year; which are overdue and by how long; and whether
budgets were released and spent as allocated. With filters and CSV exports.

Every figure comes from projections.queries.fulfilment, the same answer as the API's
/fulfilment; charts are SVG drawn here (web.pages.charts).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from projections import queries
from tracker.application import today
from web.pages.charts import budget_bars, status_bar
from web.pages.forms import Form
from web.pages.forms.filters import UNSPECIFIED_LEVEL, fulfilment_filters, load
from web.pages.labels import word
from web.pages.read_models import all_coalitions, commitments_where
from web.pages.reviews import QUEUE_SHOWN, review_states, waiting
from web.pages.session import signed_in
from web.services import services

bp = Blueprint("fulfilment", __name__)

YEARS_SHOWN = 10  # years back from this one offered as filters and counted by year
EXPORTS = ("commitments", "budget", "outcomes", "evidence", "timeline")


@bp.get("/fulfilment")
@signed_in
def dashboard() -> tuple[str, int]:
    """Fulfilment across coalitions, levels and years, for the filters chosen."""
    form = Form(request.args)
    coalitions = all_coalitions()
    codes = [c["code"] for c in coalitions]
    names = {c["code"]: f"{c['name']} ({c['code']})" for c in coalitions}
    years = years_shown()
    chosen = load(fulfilment_filters(codes, years), form)
    engine = services().engine
    overall = queries.fulfilment(engine, **chosen)

    def narrowed(**narrower: Any) -> dict[str, Any]:
        # Without reviews: they are counted from the commitments themselves, not from count
        # tables (projections.queries.reviews), and only the overall answer shows them.
        return queries.fulfilment(engine, **{**chosen, **narrower}, reviews=False)

    by_year = {year: tally for year in sorted(years) if (tally := narrowed(year=year))["total"]}
    budgets = {
        code: figures
        for code in ([chosen["coalition"]] if chosen["coalition"] else codes)
        if (figures := narrowed(coalition=code)["budget"])
    }
    overdue, overdue_total = _overdue(chosen)
    queue = waiting(chosen, per_page=QUEUE_SHOWN)
    page = render_template(
        "fulfilment.html",
        form=form,
        coalition_options=[(c["code"], f"{c['name']} ({c['code']})") for c in coalitions],
        year_options=[(str(y), str(y)) for y in years],
        overall=overall,
        overall_bar=status_bar(_("All commitments"), overall),
        sections=[
            (
                _("Coalition"),
                [status_bar(names.get(k, k), t) for k, t in overall["by_coalition"].items()],
                overall["by_coalition"],
            ),
            (
                _("Level of government"),
                [status_bar(word(k).capitalize(), t) for k, t in overall["by_level"].items()],
                overall["by_level"],
            ),
            (_("Year made"), [status_bar(str(k), t) for k, t in by_year.items()], by_year),
        ],
        budgets=[
            {
                "coalition": names.get(code, code),
                "currency": currency,
                "figures": f,
                "bars": budget_bars(f, currency),
            }
            for code, by_currency in budgets.items()
            for currency, f in by_currency.items()
        ],
        overdue=overdue,
        overdue_total=overdue_total,
        review_states=review_states(),
        queue=queue["items"],
        queue_total=queue["total"],
        queue_listing={"coalition": chosen["coalition"]} if chosen["coalition"] else {},
        listing={k: v for k, v in chosen.items() if v is not None and v != UNSPECIFIED_LEVEL},
        exports=EXPORTS,
        export_query=f"?coalition={chosen['coalition']}" if chosen["coalition"] else "",
    )
    return page, 422 if form.errors else 200


def years_shown() -> list[int]:
    """The years offered as filters: this one and the nine before, latest first."""
    this_year = today().year
    return list(range(this_year, this_year - YEARS_SHOWN, -1))


def _overdue(chosen: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    """Overdue commitments, longest overdue first (made outside a dialogue: no level)."""
    filters = {k: v for k, v in chosen.items() if v is not None}
    unspecified = filters.get("level") == UNSPECIFIED_LEVEL
    if unspecified:
        del filters["level"]
    found, total = commitments_where(overdue=True, **filters)
    if unspecified:
        found = [c for c in found if not c["level"]]
        total = len(found)
    return sorted(found, key=lambda c: -c["days_overdue"]), total
