"""The staff side of outside substantiation on the pages: an outcome's links, a form to ask
a person outside the partnership, and withdrawing a link.

The rules are the API's (web.api.substantiation_requests): only an evaluator, an admin or
a lead of the outcome's coalition (tracker.permissions' `may_ask_outside`) sees the
requests, asks and withdraws; others get 403, an unknown outcome 404. The form loads
through the API's schema and tracker.substantiation decides the rest. The link is shown
once, on the page that answers the form: only its hash is kept, so it cannot be shown again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from flask import Blueprint, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from werkzeug.exceptions import Forbidden, NotFound
from werkzeug.wrappers import Response

from domain.errors import InvalidRecord
from domain.outcomes import Outcome
from tracker import substantiation
from tracker.accounts import User
from tracker.application import today
from tracker.languages import NAMES
from tracker.permissions import OUTSIDE_ASKERS, may_ask_outside
from tracker.substantiation import LONGEST, SubstantiationRequest
from web.outside_links import outside_link
from web.pages.display import record_url
from web.pages.forms import Form
from web.pages.session import require_role, signed_in
from web.problems import field_paths
from web.schemas.substantiation_requests import SubstantiationRequestIn
from web.services import services, use_cases

bp = Blueprint("outside_requests", __name__)

DEFAULT_DAYS = 30  # how long a new link works unless the asker says otherwise
FIELDS = ("name", "email", "language", "question", "expires_on")
# A request's status as the pages name it.
STATUS_NAMES = {
    "open": _l("open"),
    "used": _l("used"),
    "revoked": _l("withdrawn"),
    "expired": _l("expired"),
}
# tracker.substantiation's refusals, in the words of the form: by field (each refusal of
# an address or a language says the same), then by message.
FIELD_MESSAGES = {
    "email": _l("Write an e-mail address such as name@example.org."),
    "language": _l("Choose one of the languages."),
}
MESSAGES = {
    "must be after today": _l("Choose a day after today."),
    f"must be at most {LONGEST.days} days ahead": _l(
        "Choose a day at most %(days)s days from today.", days=LONGEST.days
    ),
}


@dataclass(frozen=True)
class Shown:
    """A request as its askers read it on the outcome's page."""

    request: SubstantiationRequest
    status: str

    @property
    def status_name(self) -> str:
        """The status in the page's language."""
        return str(STATUS_NAMES[self.status])

    @property
    def language_name(self) -> str:
        """The language of the link's page, by its own name."""
        return NAMES.get(self.request.language, self.request.language)


def requests_shown(outcome: Outcome, user: User) -> list[Shown] | None:
    """The outcome's requests for its page, oldest first; None when the reader may not
    read them (the page then draws no section at all)."""
    if not may_ask_outside(user, outcome.coalition):
        return None
    found = substantiation.requests_for(services().engine, outcome.id)
    return [Shown(r, r.status()) for r in found]


def _outcome_to_ask_about(outcome_id: UUID) -> tuple[Outcome, User]:
    """The outcome and the signed-in asker: 403 outside the roles that ask, 404 for an
    unknown outcome, 403 for a lead of another coalition (as the API answers)."""
    user = require_role(*OUTSIDE_ASKERS)
    outcome = use_cases().get("outcome", outcome_id)
    assert isinstance(outcome, Outcome)
    if not may_ask_outside(user, outcome.coalition):
        raise Forbidden(
            _("Only the leads of the outcome's coalition, evaluators and administrators ask.")
        )
    return outcome, user


@bp.route("/outcomes/<uuid:outcome_id>/ask-outside", methods=["GET", "POST"])
@signed_in
def ask(outcome_id: UUID) -> tuple[str, int]:
    """A form asking a person outside the partnership to substantiate the outcome; success
    shows the link once."""
    outcome, user = _outcome_to_ask_about(outcome_id)
    if request.method == "GET":
        form = Form(
            {
                "language": user.language or "en",
                "expires_on": (today() + timedelta(days=DEFAULT_DAYS)).isoformat(),
            }
        )
    else:
        form = Form(request.form)
        link = _asked(form, outcome, user)
        if link is not None:
            page = render_template("outside_requests/link.html", outcome=outcome, link=link)
            return page, 200
    page = render_template(
        "outside_requests/ask.html",
        outcome=outcome,
        form=form,
        languages=list(NAMES.items()),
        longest=LONGEST.days,
        latest=today() + LONGEST,
        tomorrow=today() + timedelta(days=1),
    )
    return page, 422 if form.errors else 200


def _asked(form: Form, outcome: Outcome, user: User) -> str | None:
    """Load the form with the API's schema and save the request: its link, or None with
    the problems on the form (and nothing saved)."""
    body: dict[str, Any] = {name: form.value(name).strip() for name in FIELDS}
    body["question"] = form.value("question")
    try:
        data = SubstantiationRequestIn().load(body)
    except ValidationError as invalid:
        form.add(field_paths(invalid.messages))
        # The fields the schema took are checked too, so every problem shows at once.
        valid = invalid.valid_data if isinstance(invalid.valid_data, dict) else {}
        checked = {k: v for k, v in valid.items() if k in ("email", "language", "expires_on")}
        form.add(_in_words(substantiation.problems(**checked)))
        return None
    try:
        _request, token = substantiation.ask(
            services().engine, outcome_id=outcome.id, asked_by=user.id, **data
        )
    except InvalidRecord as invalid:
        form.add(_in_words(invalid.errors))
        return None
    return outside_link(token)


def _in_words(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """tracker.substantiation's refusals as the form says them."""
    return {
        field: [str(FIELD_MESSAGES[field])]
        if field in FIELD_MESSAGES
        else [str(MESSAGES[m]) if m in MESSAGES else m for m in messages]
        for field, messages in errors.items()
    }


@bp.post("/outcomes/<uuid:outcome_id>/ask-outside/<uuid:request_id>/withdraw")
@signed_in
def withdraw(outcome_id: UUID, request_id: UUID) -> Response:
    """Withdraw a link: from now on it answers 410 (a used link stays used)."""
    _outcome, user = _outcome_to_ask_about(outcome_id)
    if not substantiation.revoke(services().engine, outcome_id, str(request_id), user.id):
        raise NotFound()
    flash(_("The link was withdrawn: it no longer opens."))
    return redirect(record_url("outcome", outcome_id) + "#outside-requests")
