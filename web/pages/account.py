"""Each user's own account: their e-mail address, their language and the reminder digest.

Every role has this page, and each user changes only their own account (administrators
change others' with `tracker users set`). The language menu of every page saves a
signed-in user's choice here too, then goes back to the page it was sent from.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest
from werkzeug.wrappers import Response

from tracker.accounts import AccountError, checked_email, checked_language, set_user
from tracker.languages import NAMES
from web.pages.forms import Form
from web.pages.session import current, signed_in
from web.pages.signin import local_path
from web.services import services

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("", methods=["GET", "POST"])
@signed_in
def settings() -> Response | tuple[str, int]:
    """Show the account's settings; save them all at once, or none when one is wrong."""
    user = current()
    if request.method == "GET":
        typed = {
            "email": user.email or "",
            "language": user.language or "",
            **({"digests": "on"} if user.digests else {}),
        }
        return render_template("account.html", form=Form(typed), languages=NAMES), 200
    form = Form(request.form)
    email, language = _checked(form)
    if form.errors:
        return render_template("account.html", form=form, languages=NAMES), 422
    set_user(
        services().engine,
        user.name,
        email=email or "",
        language=language or "",
        digests=form.ticked("digests"),
    )
    flash(_("Your account is saved."))
    return redirect(url_for("pages.account.settings"))


@bp.post("/language")
@signed_in
def language() -> Response:
    """Save the language chosen in the menu of any page, then show that page again in it.

    `next` is followed only when it is a path of this site, as after signing in.
    """
    user = current()
    try:
        chosen = checked_language(request.form.get("language", ""))
    except AccountError:
        raise BadRequest(_("This is not a language the tracker speaks.")) from None
    set_user(services().engine, user.name, language=chosen or "")
    target = local_path(request.form.get("next", ""))
    return redirect(target or url_for("pages.dashboard.home"))


def _checked(form: Form) -> tuple[str | None, str | None]:
    """The address and the language as they will be saved; problems noted on the form."""
    email = language = None
    try:
        email = checked_email(form.value("email"))
    except AccountError:
        form.add({"email": [_("Write an e-mail address such as name@example.org.")]})
    try:
        language = checked_language(form.value("language"))
    except AccountError:
        form.add({"language": [_("Choose one of the languages.")]})
    return email, language
