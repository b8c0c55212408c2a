"""The page a person outside the partnership answers: `/substantiate/<token>`.

No account, no session, no cookie: the link is the only key (tracker.substantiation). The
form carries a hidden key derived from the link and the site's secret instead of a CSRF
token, so it works for a first visit from any browser. The page is in the language the
request named, shows the outcome's description and its public evidence only (nothing a
viewer could not read, no user's name), and works once: a used, expired or revoked link
answers 410 without naming the outcome; an unknown one 404. Visits are limited per client
and per link (429 with Retry-After), counted in the database across web processes.
"""

from __future__ import annotations

import hmac
import logging
from typing import Any

from flask import Blueprint, current_app, g, render_template, request
from flask_babel import gettext, refresh
from werkzeug.exceptions import HTTPException

from domain.outcomes import Outcome
from domain.texts import PROSE, unsafe_characters
from domain.vocabularies import SUBSTANTIATION_VERDICTS
from tracker import substantiation
from tracker.errors import ConcurrentUpdate
from tracker.substantiation import LinkGone, LinkUnknown, SubstantiationRequest
from web.services import services, use_cases

log = logging.getLogger(__name__)

bp = Blueprint("outside", __name__)


@bp.route("/substantiate/<token>", methods=["GET", "POST"])
def substantiate(token: str) -> Any:
    """Show the outcome and the question, and take the person's verdict and note once."""
    engine = services().engine
    wait = substantiation.too_many_visits(engine, request.remote_addr or "unknown", token)
    found = _request_of(token)
    if wait is not None:
        seconds = max(1, int(wait.total_seconds()))
        page = _message(
            429,
            gettext("Too many requests"),
            gettext("Please wait a few minutes, then open the link again."),
        )
        return page[0], 429, {"Retry-After": str(seconds)}
    if found is None:
        return _message(
            404,
            gettext("There is no page at this address"),
            gettext("Check that the whole link was copied from the message you received."),
        )
    if found.status() != "open":
        return _gone()
    outcome = use_cases().get("outcome", found.outcome_id)
    assert isinstance(outcome, Outcome)
    values = {"verdict": "", "note": ""}
    errors: dict[str, str] = {}
    if request.method == "POST":
        secret = str(current_app.config["SECRET_KEY"])
        sent = request.form.get("key", "").encode("utf-8", "replace")
        if not hmac.compare_digest(sent, substantiation.form_key(secret, token).encode()):
            return _message(
                400,
                gettext("The form could not be read"),
                gettext("Open the link again and send the form from that page."),
            )
        values = {"verdict": request.form.get("verdict", ""), "note": request.form.get("note", "")}
        errors = _problems(values)
        if not errors:
            try:
                substantiation.answer(
                    engine, use_cases(), token, verdict=values["verdict"], note=values["note"]
                )
            except LinkGone:
                return _gone()
            except ConcurrentUpdate:
                errors["form"] = gettext(
                    "Someone else wrote at the same moment. Please send again."
                )
            else:
                return render_template("outside/thanks.html", name=found.name), 200
    form = render_template(
        "outside/substantiate.html",
        request_=found,
        outcome=outcome,
        evidence=substantiation.public_evidence(use_cases(), outcome),
        verdicts=SUBSTANTIATION_VERDICTS,
        values=values,
        errors=errors,
        key=substantiation.form_key(str(current_app.config["SECRET_KEY"]), token),
    )
    return form, 422 if errors else 200


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Any:
    """A 405 or 413 on this page, said as a page in the link's language."""
    status = error.code or 500
    return _message(status, gettext("The request could not be handled"), "")


@bp.errorhandler(Exception)
def _unexpected(error: Exception) -> Any:
    log.exception("unexpected error on the outside substantiation page", exc_info=error)
    return _message(
        500,
        gettext("Something went wrong"),
        gettext("It has been logged. Please try again later."),
    )


def _request_of(token: str) -> SubstantiationRequest | None:
    """The request a token opens (used or not), with its page put in its language."""
    try:
        found = substantiation.find_request(services().engine, token)
    except LinkUnknown:
        return None
    g.forced_language = found.language
    refresh()  # a language chosen before this point is chosen again
    return found


def _problems(values: dict[str, str]) -> dict[str, str]:
    """What is wrong with the answer, in the page's language, by field."""
    errors: dict[str, str] = {}
    if values["verdict"] not in SUBSTANTIATION_VERDICTS:
        errors["verdict"] = gettext("Choose one answer.")
    note = values["note"]
    if unsafe_characters(note):
        errors["note"] = gettext("The note holds a character that cannot be kept. Remove it.")
    elif len(note) > PROSE:
        errors["note"] = gettext("The note is too long: at most %(limit)s characters.", limit=PROSE)
    return errors


def _gone() -> tuple[str, int]:
    return _message(
        410,
        gettext("This link no longer works"),
        gettext(
            "It has been used already, it has expired, or it was withdrawn."
            " If you think this is a mistake, write to the person who sent it to you."
        ),
    )


def _message(status: int, title: str, message: str) -> tuple[str, int]:
    page = render_template("outside/message.html", status=status, title=title, message=message)
    return page, status
