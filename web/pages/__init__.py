"""The web pages: server-rendered HTML for coalition leads, the committee and evaluators.

The pages call the same use cases and read models as the JSON API, but sign people in
with a session cookie (the API takes bearer tokens) and protect every form against
cross-site requests. They work without JavaScript, load nothing from elsewhere and stay
light enough for a slow phone connection.
"""

from __future__ import annotations

from flask import Blueprint, Flask, request
from flask_wtf.csrf import CSRFProtect

from web.pages import (
    account,
    audit,
    comments,
    commitments,
    corrections,
    dashboard,
    dialogues,
    errors,
    exports,
    fulfilment,
    impact,
    imports,
    ledger,
    notices,
    outside,
    outside_requests,
    record_forms,
    records,
    reviews,
    signin,
    unsubscribe,
    updates,
)
from web.pages.display import register_display
from web.pages.session import load_reader

BLUEPRINTS = (
    signin.bp,
    dashboard.bp,
    dialogues.bp,
    record_forms.bp,
    updates.bp,
    corrections.bp,
    records.bp,
    comments.bp,
    fulfilment.bp,
    commitments.bp,
    reviews.bp,
    impact.bp,
    audit.bp,
    ledger.bp,
    exports.bp,
    imports.bp,
    account.bp,
    notices.bp,
    outside_requests.bp,
)

csrf = CSRFProtect()


def register_pages(app: Flask) -> None:
    """Add the pages, their session and CSRF settings and their error pages to the app.

    CSRF is checked by the pages' own blueprints, not app-wide: the API authenticates
    with bearer tokens, which a cross-site form cannot send, so its POSTs need no token.
    """
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", 12 * 3600)
    csrf.init_app(app)
    register_display(app)
    ledger.register_footer(app)
    pages = Blueprint("pages", __name__)  # endpoints read `pages.<group>.<page>`
    pages.before_request(load_reader)
    pages.before_request(_protect_forms)
    errors.register_page_errors(pages)
    for blueprint in BLUEPRINTS:
        pages.register_blueprint(blueprint)
    app.register_blueprint(pages)
    # Outside the pages' blueprint: no session, no sign-in, no CSRF cookie (web.pages.outside).
    app.register_blueprint(outside.bp)
    # The digests' unsubscribe link: its signed token is the key (web.pages.unsubscribe).
    app.register_blueprint(unsubscribe.bp)
    errors.register_app_errors(app)


def _protect_forms() -> None:
    """Refuse a page's POST without the CSRF token of the signed-in session."""
    if request.method == "POST":
        csrf.protect()
