"""How values read on a page: vocabulary words, kinds of record, dates, money, people.

Registered as Jinja filters and globals, so templates say `{{ status|words }}` rather than
each page formatting values its own way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal, format_percent
from flask import Flask, g, request, url_for
from markupsafe import Markup, escape

from domain import KINDS
from domain import vocabularies as v
from projections.kinds import API_KINDS, RECORD_KINDS
from tracker.accounts import list_users
from web.languages import language
from web.pages.labels import KINDS as KIND_NAMES
from web.pages.labels import hidden_evidence, kind_name, participation_level, word
from web.pages.session import ROLE_NAMES, load_reader, reader
from web.services import services, use_cases

# The vocabularies forms offer, by the name templates use.
VOCABULARIES = {
    "methods": v.EVIDENCE_METHODS,
    "disaggregation": v.DISAGGREGATION_DIMENSIONS,
    "participation_levels": v.PARTICIPATION_LEVELS,
    "consent_kinds": v.CONSENT_KINDS,
    "sensitivities": v.SENSITIVITIES,
    "quality_ratings": v.QUALITY_RATINGS,
    "input_kinds": v.ADVOCACY_INPUT_KINDS,
    "levels": v.LEVELS,
    "dialogue_formats": v.DIALOGUE_FORMATS,
    "statuses": v.COMMITMENT_STATUSES,
    "completions": v.COMPLETION_LEVELS,
    "review_verdicts": v.REVIEW_VERDICTS,
    "budget_stages": v.BUDGET_STAGES,
    "change_types": v.CHANGE_TYPES,
    "policy_stages": v.POLICY_STAGES,
    "substantiation_verdicts": v.SUBSTANTIATION_VERDICTS,
}

# Kinds of record that have a page of their own (coalitions have their dashboard).
PAGE_KINDS = tuple(kind for kind in API_KINDS if kind != "coalition")


def words(value: Any) -> str:
    """A vocabulary word or a kind of record as a person reads it, in the page's language:
    `partially_fulfilled` -> `partially fulfilled` (web.pages.labels)."""
    if value is None:
        return ""
    return kind_name(str(value)) if str(value) in KIND_NAMES else word(value)


def kind_of(kind_or_collection: str) -> str:
    """The kind of record (`advocacy_input`) named either way (`advocacy-inputs` too)."""
    return RECORD_KINDS.get(kind_or_collection, kind_or_collection)


def collection_of(kind: str) -> str:
    """The path segment of a kind of record: `advocacy_input` -> `advocacy-inputs`."""
    return API_KINDS[kind_of(kind)]


def record_url(kind: str, record_id: UUID | str) -> str:
    """The page of a record (a coalition's is its dashboard, by code or id)."""
    kind = kind_of(kind)
    if kind == "coalition":
        return url_for("pages.dashboard.coalition", code=str(record_id))
    return url_for("pages.records.record", collection=collection_of(kind), record_id=record_id)


# The field that names a record of each kind, as a person would call it.
TITLE_FIELDS = {name: kind.title_field for name, kind in KINDS.items()}


def title_of(record: Any) -> str:
    """What a record is called: its title, a commitment's text, a budget line's programme."""
    return str(getattr(record, TITLE_FIELDS[record.KIND], ""))


def locale() -> Locale:
    """The locale dates and numbers are written in: the page's language (English as the
    partnership writes it: `14 Mar 2024`, `2,000,000.00 KES`)."""
    code = language()
    return Locale.parse("en_GB" if code == "en" else code)


def day(value: date | datetime | None) -> Markup:
    """A date (or a moment's day) as `<time>`, in the page's language (`14 Mar 2024`,
    `14 mars 2024`), machine-readable as ISO."""
    if value is None:
        return Markup("—")
    if isinstance(value, datetime):
        value = value.date()
    return Markup('<time datetime="{}">{}</time>').format(
        value.isoformat(), format_date(value, "medium", locale=locale())
    )


def moment(value: datetime | None, seconds: bool = False) -> Markup:
    """A date and time in UTC as `<time>`: `14 Mar 2024 10:32 UTC` (or `10:32:05`), the
    date in the page's language, the time on the 24-hour clock."""
    if value is None:
        return Markup("—")
    value = value.astimezone(UTC)
    where = locale()
    when = format_time(value, "HH:mm:ss" if seconds else "HH:mm", tzinfo=UTC, locale=where)
    return Markup('<time datetime="{}">{} {} UTC</time>').format(
        value.isoformat(timespec="seconds"), format_date(value.date(), "medium", locale=where), when
    )


# English keeps the partnership's own way of writing an amount (`2,000,000.00 KES`); other
# languages write it their way, with the currency's ISO code where their symbol goes.
ENGLISH_AMOUNT = "#,##0.00 ¤¤"


def money(value: Decimal | str | None, currency: str = "") -> str:
    """An amount with thousands grouped and its currency code, in the page's language:
    `2,000,000.00 KES`, `2 000 000,00 KES`."""
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return str(value)
    where = locale()
    if not currency:
        return format_decimal(amount, "#,##0.00", locale=where)
    pattern = (
        ENGLISH_AMOUNT
        if where.language == "en"
        else where.currency_formats["standard"].pattern.replace("¤", "¤¤")
    )
    written = format_currency(amount, currency, format=pattern, currency_digits=False, locale=where)
    # The code stays apart from the digits (`KES 2,000`, never `KES2,000`).
    written = re.sub(r"([A-Z]{3})(?=\d)", "\\1\u00a0", written)
    return re.sub(r"(?<=\d)([A-Z]{3})", "\u00a0\\1", written)


def number(value: int | Decimal | None) -> str:
    """A count or figure with its digits grouped as the page's language groups them."""
    return "—" if value is None else format_decimal(value, locale=locale())


def percent(value: float | None) -> str:
    """A rate of 0–1 as a whole percentage (`88%`, `88 %`), or a dash when there is nothing
    to divide."""
    return "—" if value is None else format_percent(value, locale=locale())


def user_name(user_id: str | None) -> str:
    """The name of the user with this id (events record ids); the id itself if unknown."""
    if not user_id:
        return "—"
    names: dict[str, str] = g.get("user_names") or {}
    if not names:
        names = {user.id: user.name for user in list_users(services().engine)}
        g.user_names = names
    return names.get(str(user_id), str(user_id))


def coalition_code(coalition: UUID | str) -> str:
    """A coalition's code from its id (cached for the request)."""
    codes: dict[str, str] = g.setdefault("coalition_codes_by_id", {})
    key = str(coalition)
    if key not in codes:
        codes[key] = use_cases().get("coalition", UUID(key)).code  # type: ignore[attr-defined]
    return codes[key]


def participation(level: int | None) -> str:
    """A participation level with its name: `4 – collaboration`."""
    return participation_level(level)


def lines(values: Any) -> Markup:
    """A list of texts as a comma-separated line (escaped)."""
    if not values:
        return Markup("—")
    return Markup(", ").join(escape(str(v)) for v in values)


def register_display(app: Flask) -> None:
    """Make the formatting above available to every template, each by its own name."""
    app.jinja_env.filters.update(
        _by_name(
            words, day, moment, money, number, percent, user_name, participation, coalition_code
        ),
        joined=lines,
        bdi=isolated,
    )
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(
        _by_name(
            record_url,
            kind_of,
            collection_of,
            title_of,
            vocabulary,
            here,
            language_link,
        ),
        hidden_label=hidden_evidence,
        role_names=ROLE_NAMES,
        **VOCABULARIES,
    )
    app.context_processor(_reader)


def vocabulary(words_: Any) -> list[tuple[Any, str]]:
    """Options of a select or radio group from a vocabulary: (word, how it reads)."""
    if isinstance(words_, dict):
        return [(key, participation_level(key)) for key in words_]
    return [(each, words(each).capitalize()) for each in words_]


def here() -> str:
    """This page's path and query, to come back to after a form elsewhere (the language
    menu's)."""
    return request.full_path if request.query_string else request.path


def language_link(code: str) -> str:
    """This page in another language: its path and query, with `lang` set to the code."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    return request.path + "?" + urlencode([*args, ("lang", code)])


def isolated(value: Any) -> Markup:
    """What someone typed, set inside a sentence of the page's language, kept apart in
    direction (`<bdi>`): an English institution's name in an Arabic sentence reads right."""
    return Markup("<bdi>{}</bdi>").format(value)


def _by_name(*functions: Callable[..., Any]) -> dict[str, Callable[..., Any]]:
    return {function.__name__: function for function in functions}


def _reader() -> dict[str, Any]:
    if "reader" not in g:  # an error page outside the pages' blueprints
        load_reader()
    return {"reader": reader()}
