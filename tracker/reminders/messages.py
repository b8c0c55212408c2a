"""A digest as an e-mail, in its reader's language.

The words come from the pages' catalogs (web/translations, Flask-Babel's) and the body
from web/templates/email/reminder.txt, both read as files: the command line and the
worker write e-mails without starting the web application. Dates are written by Babel
for the reader's locale; what people typed (a commitment's text, an institution) as typed.
"""

from __future__ import annotations

from datetime import date
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from functools import cache
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.support import NullTranslations, Translations
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from tracker.accounts import User
from tracker.languages import DEFAULT, direction, known
from tracker.reminders.unsubscribe import unsubscribe_token
from tracker.settings import Settings

# The web edge's files, found by path: importing `web` would start the web edge.
WEB = Path(__file__).resolve().parents[2] / "web"
TEMPLATES = WEB / "templates" / "email"
TRANSLATIONS = WEB / "translations"
# Long headers are folded, never encoded: a mail client reads List-Unsubscribe's <URL>
# only as written (RFC 2369), and a signed link is longer than a line of 78 characters.
HEADERS_AS_WRITTEN = policy.SMTP.clone(max_line_length=998)


def language_of(user: User) -> str:
    """The language a user is written to in: their saved one, else English."""
    return known(user.language) or DEFAULT


def date_locale(code: str) -> str:
    """The locale dates are written in: the language's, English as the partnership writes
    it (`14 March 2026`, as the pages do)."""
    return "en_GB" if code == DEFAULT else code


@cache
def translations(code: str, directory: Path = TRANSLATIONS) -> NullTranslations:
    """The catalog of a language (English words when it has none compiled)."""
    return Translations.load(str(directory), [code], domain="messages")


@cache
def _environment(code: str, directory: Path) -> Environment:
    """One template environment per language, its catalog installed (newstyle gettext, as
    Flask-Babel's: `_("... %(name)s", name=...)`, `ngettext` counting with `num`)."""
    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        # Plain text goes out as typed; the HTML alternative escapes what people typed.
        autoescape=select_autoescape(["html"], default_for_string=False, default=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    environment.install_gettext_translations(  # type: ignore[attr-defined]
        translations(code, directory), newstyle=True
    )
    return environment


def body(template: str, code: str, directory: Path = TRANSLATIONS, **context: Any) -> str:
    """A template of web/templates/email rendered in a language."""
    return _environment(code, directory).get_template(template).render(**context)


def reminder_message(
    user: User,
    data: dict[str, Any],
    settings: Settings,
    *,
    directory: Path = TRANSLATIONS,
) -> EmailMessage:
    """The digest e-mail of a reminder notice's `data` ({"on", "due", "overdue"}) to a user
    with an address: plain text with an HTML alternative, and the headers mail clients use
    to offer unsubscribing."""
    code = language_of(user)
    catalog = translations(code, directory)
    ngettext = catalog.ngettext
    on = date.fromisoformat(data["on"])
    count = len(data["due"]) + len(data["overdue"])
    subject = ngettext(
        "Reminder for %(date)s: %(num)d commitment due or overdue",
        "Reminder for %(date)s: %(num)d commitments due or overdue",
        count,
    ) % {"date": format_date(on, format="medium", locale=date_locale(code)), "num": count}
    base = settings.public_url.rstrip("/")
    unsubscribe = f"{base}/unsubscribe/{unsubscribe_token(settings.signing_key, user.id)}"

    def dated(item: dict[str, Any]) -> dict[str, Any]:
        due_on = date.fromisoformat(item["due_on"])
        return {
            **item,
            "due": format_date(due_on, format="long", locale=date_locale(code)),
            "days_late": (on - due_on).days,
            "link": f"{base}/commitments/{item['id']}",
        }

    context = dict(
        name=user.name,
        day=format_date(on, format="long", locale=date_locale(code)),
        due=[dated(item) for item in data["due"]],
        overdue=[dated(item) for item in data["overdue"]],
        notices=f"{base}/notices",
        unsubscribe=unsubscribe,
        subject=subject,
        language=code,
        direction=direction(code),
    )
    message = EmailMessage(policy=HEADERS_AS_WRITTEN)
    message["Subject"] = subject
    message["From"] = settings.mail_from
    message["To"] = user.email or ""
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(domain=_domain(settings.mail_from))
    message["Auto-Submitted"] = "auto-generated"
    message["List-Unsubscribe"] = f"<{unsubscribe}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(body("reminder.txt", code, directory, **context))
    message.add_alternative(body("reminder.html", code, directory, **context), subtype="html")
    message["Content-Language"] = code  # after the content, which replaces Content-* headers
    return message


def _domain(address: str) -> str:
    return address.rpartition("@")[2].strip("<> ") or "localhost"
