"""The language of each page: chosen per request, with Flask-Babel's catalogs and formats.

The choice, in order: the signed-in user's saved language; `?lang=` (kept in a cookie for
the next pages); the cookie; the browser's `Accept-Language`; English. Only pages and
e-mails are translated: the JSON API, CSV headers and stored values stay English, and what
people typed is shown as they typed it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, Response, g, request
from flask_babel import Babel, get_locale

from tracker.languages import DEFAULT, LANGUAGES, NAMES, direction, known
from web.catalogs import compile_stale

COOKIE = "lang"
COOKIE_AGE = 365 * 24 * 3600
TRANSLATIONS = Path(__file__).parent / "translations"


def choose_language() -> str:
    """The language of this request's page (see the module's docstring for the order)."""
    forced = known(g.get("forced_language"))  # a page in one language: an outside link's
    if forced:
        return forced
    if "reader" not in g:  # an error page outside the pages' blueprints, chosen early
        from web.pages.session import load_reader  # the pages import this module

        load_reader()
    user = g.get("reader")
    saved = known(getattr(user, "language", None))
    if saved:
        return saved
    asked = known(request.args.get("lang")) or known(request.cookies.get(COOKIE))
    if asked:
        return asked
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT


def language() -> str:
    """The code of the language this request's page is in."""
    locale = get_locale()
    return str(locale.language) if locale is not None else DEFAULT


def register_languages(app: Flask) -> None:
    """Catalogs, the choice of language, the cookie that keeps `?lang=`, and what templates
    need to say which language and direction a page is in."""
    compile_stale(TRANSLATIONS)
    Babel(
        app,
        locale_selector=choose_language,
        default_translation_directories=str(TRANSLATIONS),
        default_domain="messages",
    )

    @app.after_request
    def keep_choice(response: Response) -> Response:
        asked = known(request.args.get("lang"))
        if asked and request.cookies.get(COOKIE) != asked:
            response.set_cookie(
                COOKIE,
                asked,
                max_age=COOKIE_AGE,
                httponly=True,
                samesite="Lax",
                secure=app.config.get("SESSION_COOKIE_SECURE", False),
            )
        return response

    @app.context_processor
    def page_language() -> dict[str, Any]:
        code = language()
        return {
            "page_language": code,
            "page_direction": direction(code),
            "language_names": NAMES,
        }
