"""The translation catalogs: every message of the pages and e-mails, in each of the nine
languages, translated, not fuzzy, with the plural forms its language has and the same
placeholders as the English.

`make translations` extracts the messages (web/translations/messages.pot) and merges them
into each catalog; these tests fail until translators have filled them in. English may
repeat the message as it is."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from tracker.languages import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = ROOT / "web" / "translations"
TEMPLATE = CATALOGS / "messages.pot"
# A printf-style placeholder: `%(name)s`, `%d`, `%s` (and `%%`, which is none).
PLACEHOLDER = re.compile(r"%(?:\(([A-Za-z_]\w*)\))?[-#0 +]*\d*(?:\.\d+)?([diouxXeEfFgGcrs%])")
# The keywords `make translations` extracts, besides babel's own (_, gettext, ngettext...).
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}


def catalog(language: str) -> Catalog:
    """A language's catalog, as translators left it."""
    path = CATALOGS / language / "LC_MESSAGES" / "messages.po"
    assert path.exists(), f"{path} is missing: run `make translations`"
    with path.open("rb") as file:
        return read_po(file, locale=language)


def template() -> Catalog:
    """Every message to translate, as `make translations` last extracted them."""
    with TEMPLATE.open("rb") as file:
        return read_po(file)


def messages(of: Catalog) -> Iterator[Message]:
    """The messages of a catalog, without its header."""
    return (message for message in of if message.id)


def key(message: Message) -> tuple[str, str | None]:
    """A message by its singular text and context, as catalogs find it."""
    text = message.id[0] if isinstance(message.id, tuple) else message.id
    return text, message.context


def placeholders(text: str) -> Counter[str]:
    """The placeholders of a message: named ones by name, positional ones by their type."""
    found: Counter[str] = Counter()
    for match in PLACEHOLDER.finditer(text):
        name, kind = match.groups()
        if name:
            found[f"%({name})"] = 1  # a name may be used twice, or moved: it counts once
        elif kind != "%":
            found[f"%{kind}"] += 1
    return found


def test_the_template_holds_every_message_of_the_pages_and_emails() -> None:
    """messages.pot is up to date: extracting again finds nothing new (and no template
    is skipped for a syntax error, which extraction would otherwise pass over silently)."""
    with (ROOT / "babel.cfg").open() as file:
        method_map, options_map = parse_mapping_cfg(file, "babel.cfg")
    for pattern, options in options_map.items():
        if dict(method_map).get(pattern) == "jinja2":
            options["silent"] = "false"
    found = {
        (message if isinstance(message, str) else message[0], context)
        for _file, _line, message, _comments, context in extract_from_dir(
            ROOT, method_map, options_map, keywords=KEYWORDS
        )
    }
    known = {key(message) for message in messages(template())}
    assert sorted(found - known, key=str) == [], "run `make translations`"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_catalog_has_every_message(language: str) -> None:
    have = {key(message) for message in messages(catalog(language))}
    missing = [
        text for text, context in map(key, messages(template())) if (text, context) not in have
    ]
    assert missing == [], f"{language}: {len(missing)} messages missing"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_of_a_catalog_is_translated_and_not_fuzzy(language: str) -> None:
    untranslated, fuzzy = [], []
    for message in messages(catalog(language)):
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(form and form.strip() for form in forms):
            untranslated.append(key(message)[0])
        if message.fuzzy:
            fuzzy.append(key(message)[0])
    assert fuzzy == [], f"{language}: {len(fuzzy)} fuzzy messages: {fuzzy[:10]}"
    assert untranslated == [], (
        f"{language}: {len(untranslated)} messages untranslated, such as {untranslated[:10]}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_plurals_have_the_forms_of_their_language_and_placeholders_match(
    language: str,
) -> None:
    """babel's checkers: as many plural forms as the language has (Arabic six, French
    three...), and the same %(name)s placeholders as the English, of the same types."""
    found = catalog(language)
    broken = [
        f"{key(message)[0]!r}: {'; '.join(str(error) for error in errors)}"
        for message, errors in found.check()
        if errors
    ]
    for message in messages(found):
        plural = isinstance(message.id, tuple)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if plural and any(forms) and len(forms) != found.num_plurals:
            broken.append(f"{key(message)[0]!r}: {len(forms)} plural forms")
        wanted = placeholders(str(ids[0])) | placeholders(str(ids[-1]))
        for form in (form for form in forms if form):
            # A plural form may leave the count out ("one record"), nothing else.
            have, need = placeholders(form), wanted - Counter({"%(num)": 1} if plural else {})
            if not (need <= have <= wanted):
                broken.append(f"{key(message)[0]!r}: placeholders {dict(have)} in {form!r}")
    assert broken == [], f"{language}: {len(broken)} broken messages: {broken[:10]}"


def test_a_stale_catalog_is_compiled_and_a_broken_one_is_left_alone(tmp_path: Path) -> None:
    from web.catalogs import compile_stale

    good = tmp_path / "fr" / "LC_MESSAGES"
    good.mkdir(parents=True)
    (good / "messages.po").write_text('msgid "Save"\nmsgstr "Enregistrer"\n', encoding="utf-8")
    broken = tmp_path / "hi" / "LC_MESSAGES"
    broken.mkdir(parents=True)
    (broken / "messages.po").write_bytes(b'msgid "Save"\nmsgstr "\xe0\xa4"\n')
    assert compile_stale(tmp_path) == [good / "messages.mo"]
    assert not (broken / "messages.mo").exists()
    assert compile_stale(tmp_path) == []  # up to date now
