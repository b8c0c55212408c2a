"""Error pages that say what happened, in HTML for people; the API keeps problem+json.

A page's errors are handled by its blueprint (they take precedence over the API's
app-wide handlers). An address that matches no route belongs to no blueprint, so the
app-wide 404 and 405 answers choose by path: the API's paths get the API's own handler.
"""

from __future__ import annotations

import logging
from typing import cast

from flask import Blueprint, Flask, current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import (
    BadRequest,
    Forbidden,
    HTTPException,
    MethodNotAllowed,
    NotFound,
    RequestEntityTooLarge,
)
from werkzeug.wrappers import Response

from tracker.errors import RecordNotFound
from web.auth import API_PREFIX
from web.pages.labels import kind_name

log = logging.getLogger(__name__)

# Paths answered as JSON: the API, its documents and the health check.
MACHINE_PATHS = ("/api/", "/healthz")

TITLES = {
    400: _l("The request could not be understood"),
    403: _l("You may not do this"),
    404: _l("Not found"),
    405: _l("Not allowed here"),
    413: _l("Too much was sent"),
    500: _l("Something went wrong"),
}
# What happened, for errors raised without a description of their own.
MESSAGES = {
    400: _l("The request could not be understood. Go back and try again."),
    403: _l("You may not do this."),
    405: _l("This address does not take this kind of request."),
    413: _l("Too much was sent at once. Send less, or a smaller file."),
}
# Werkzeug's own descriptions (English, from its exceptions) are replaced by ours above;
# descriptions our pages give (a reason in the page's language) are kept.
GENERIC = frozenset(
    cls.description
    for cls in (
        BadRequest,
        Forbidden,
        NotFound,
        MethodNotAllowed,
        RequestEntityTooLarge,
    )
)


def register_page_errors(blueprint: Blueprint) -> None:
    """Answer a page's errors with pages."""
    blueprint.register_error_handler(HTTPException, http_error_page)
    blueprint.register_error_handler(RecordNotFound, not_found_page)
    blueprint.register_error_handler(Exception, unexpected_page)


def register_app_errors(app: Flask) -> None:
    """Answer addresses that match no route with a page, unless they are the API's."""
    app.register_error_handler(404, _unrouted)
    app.register_error_handler(405, _unrouted)


def error_page(status: int, message: str) -> tuple[str, int]:
    """A page with the status, a title and what happened."""
    title = TITLES.get(status, TITLES[500])
    return render_template("error.html", status=status, title=title, message=message), status


def http_error_page(error: HTTPException) -> tuple[str, int]:
    """A 403, 404 or other HTTP error as a page."""
    status = error.code or 500
    if isinstance(error, CSRFError):
        return error_page(
            400,
            _(
                "The form was not sent from a page of this site, or it waited too long. Go back,"
                " reload the page and send the form again: what you typed may need typing again."
            ),
        )
    if status == 404:
        return error_page(
            404,
            _(
                "There is no page at this address. Check the link, or start again from the"
                " home page."
            ),
        )
    description = error.description or ""
    if description in GENERIC or not description:
        description = str(MESSAGES.get(status, ""))
    return error_page(status, description)


def not_found_page(error: RecordNotFound) -> tuple[str, int]:
    """A record that does not exist: say which kind and id were asked for."""
    return error_page(
        404,
        _(
            "There is no %(kind)s with id %(id)s. It may have been mistyped in the address.",
            kind=kind_name(error.kind),
            id=error.record_id,
        ),
    )


def unexpected_page(error: Exception) -> tuple[str, int]:
    """A bug: logged with its traceback, and an apology without one."""
    log.exception("unexpected error on a page", exc_info=error)
    return error_page(
        500, _("Something went wrong on our side. It has been logged; please try again.")
    )


def _unrouted(error: HTTPException) -> Response | tuple[str, int]:
    path = request.path
    if path.startswith(MACHINE_PATHS) or path == API_PREFIX:
        api_handler = current_app.error_handler_spec[None][None].get(HTTPException)
        if api_handler is not None:
            return cast(Response, api_handler(error))
    return http_error_page(error)
