"""Every page of the app in each of the nine languages: it answers, says its language and
direction on <html>, and, outside English, its navigation and form labels are translated.

The last check fails for a language until its catalog is translated (the catalog test,
tests/unit/test_catalogs.py, says which messages are missing)."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.exceptions import NotFound

from tests.pages.support import Reader, demo_id, signed_in, text, token_in
from tracker.languages import LANGUAGES, direction
from web.pages.updates import CHANGES

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"

# Pages not drawn for a reader in their language: redirects, files (CSV headers stay
# English), and pages reached only by a one-time link (tested with their own feature).
NOT_PAGES = {
    "pages.dashboard.home",
    "pages.exports.export_csv",
    "pages.ledger.audit_pack",
}
ONE_TIME_LINKS = ("<token>", "<path:token>", "<string:token>")
# Pages that need a record this test does not make (a comment to correct).
NEEDS_MORE = {"/<collection>/<uuid:record_id>/comments/<uuid:comment_id>/correct"}

# Records of the demo that have pages: (kind, collection, demo key).
RECORDS = [
    ("evidence", "evidence", "ke-evidence-forums"),
    ("advocacy_input", "advocacy-inputs", "ke-input-budget-submission"),
    ("dialogue", "dialogues", "ke-dialogue-budget-hearing"),
    ("commitment", "commitments", "ke-commitment-seedlings"),
    ("budget_line", "budget-lines", "ke-budget-seedlings"),
    ("outcome", "outcomes", "ke-outcome-seedlings"),
]
NEW_FORMS = ["evidence", "advocacy-inputs", "budget-lines", "outcomes", "commitments"]

# Words a language writes as English does, kept on purpose by its translators.
SAME_AS_ENGLISH: dict[str, set[str]] = {
    "fr": {
        "Coalition",
        "Coalitions",
        "Date",
        "Format",
        "Note",
        "Source",
        "Institution",
        "Question",
    },
    "es": set(),
}


def pages(app: Flask, import_path: str) -> list[tuple[str, str, int]]:
    """Every page to draw: (account, path, status), each account of the role that uses it."""
    found: list[tuple[str, str, int]] = [
        ("", "/sign-in", 200),
        ("vera", "/no/such/page", 404),
        ("admin", "/coalitions", 200),
        ("wanjiru", "/coalitions/ke", 200),
        ("wanjiru", "/coalitions/ke/timeline", 200),
        ("wanjiru", "/coalitions/ke/dialogues/new", 200),
        ("wanjiru", "/imports", 200),
        ("wanjiru", import_path, 200),
        ("wanjiru", "/account", 200),
        ("wanjiru", "/notices", 200),
        ("amina", "/fulfilment", 200),
        ("amina", "/commitments", 200),
        ("amina", "/reviews", 200),
        ("tomas", "/outcomes", 200),
        ("tomas", "/ledger", 200),
    ]
    found += [("wanjiru", f"/coalitions/ke/{collection}/new", 200) for collection in NEW_FORMS]
    ids = {kind: demo_id(app, kind, key) for kind, _, key in RECORDS}
    for kind, collection, _ in RECORDS:
        path = f"/{collection}/{ids[kind]}"
        found += [("admin", path, 200), ("admin", f"{path}/correction", 200)]
        found += [
            ("admin", f"{path}/{action}", 200)
            for change_kind, action in CHANGES
            if change_kind == kind
        ]
    found += [
        ("tomas", f"/impact-chains/{ids['outcome']}", 200),
        ("tomas", f"/outcomes/{ids['outcome']}/ask-outside", 200),
        ("tomas", f"/audit/evidence/{ids['evidence']}?as_known_on=2026-01-01", 200),
    ]
    return found


def started_import(reader: Reader) -> str:
    """The progress page of an import checked (a dry run) from the upload form."""
    page = reader.get("/imports")
    answer = reader.client.post(
        "/imports",
        data={
            "csrf_token": token_in(page),
            "kind": "commitments",
            "coalition": "ke",
            "file": (io.BytesIO((FIXTURES / "ogp-irm-sample.csv").read_bytes()), "ogp.csv"),
            "mapping": (io.BytesIO((FIXTURES / "ogp-irm.toml").read_bytes()), "ogp.toml"),
        },
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302, text(answer)
    return str(answer.headers["Location"])


class Labels(HTMLParser):
    """The texts a reader finds their way by: the main navigation's links, and the labels
    and legends of form fields (not the options of a choice, which are values)."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._open: list[str] = []  # the elements being read, with the depth they began at
        self._nav = False
        self._choice_depth = 0
        self._depth = 0
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag in ("input", "br", "meta", "link", "img", "path", "circle", "rect"):
            return
        self._depth += 1
        if tag == "nav" and "languages" not in (named.get("class") or ""):
            self._nav = self._nav or named.get("aria-label") is not None
        if tag == "div" and "choice" in (named.get("class") or "").split():
            self._choice_depth = self._depth
        reading = (tag == "a" and self._nav) or tag == "legend"
        reading = reading or (tag == "label" and not self._choice_depth)
        if reading and not self._open:
            self._open.append(tag)
            self._buffer = []

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == self._open[-1]:
            self._open.pop()
            said = " ".join("".join(self._buffer).split())
            if said:
                self.texts.append(said)
        if tag == "nav":
            self._nav = False
        if self._choice_depth and self._depth == self._choice_depth and tag == "div":
            self._choice_depth = 0
        self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._open:
            self._buffer.append(data)


def labels(html: str) -> list[str]:
    """The navigation link texts and field labels of a page."""
    parser = Labels()
    parser.feed(html)
    return parser.texts


def readers(app: Flask) -> dict[str, Reader]:
    """A client for each account the pages need, and one for nobody."""
    made = {name: signed_in(app, name) for name in ("admin", "wanjiru", "amina", "tomas", "vera")}
    made[""] = Reader(app.test_client())
    return made


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_answers_in_the_language_asked_with_its_direction(
    app: Flask, language: str
) -> None:
    clients = readers(app)
    listed = pages(app, started_import(clients["wanjiru"]))
    uncovered = unvisited(app, [path for _, path, _ in listed])
    assert uncovered == [], f"pages this test does not draw yet: {uncovered}"
    left_in_english: dict[str, list[str]] = {}
    for account, path, status in listed:
        reader = clients[account]
        joiner = "&" if "?" in path else "?"
        english = reader.get(f"{path}{joiner}lang=en")
        page = reader.get(f"{path}{joiner}lang={language}")
        assert page.status_code == status, f"{path} in {language}: {page.status_code}"
        html = text(page)
        assert f'<html lang="{language}" dir="{direction(language)}">' in html, path
        if language != "en":
            same = set(labels(text(english))) & set(labels(html))
            same -= SAME_AS_ENGLISH.get(language, set())
            if same:
                left_in_english[path] = sorted(same)
    sample = dict(list(left_in_english.items())[:3])
    assert left_in_english == {}, (
        f"{len(left_in_english)} pages keep English labels in {language}, such as {sample}"
    )


def unvisited(app: Flask, paths: list[str]) -> list[str]:
    """The page routes answering GET that none of the paths reaches."""
    adapter = app.url_map.bind("localhost")
    reached = set()
    for path in paths:
        try:
            reached.add(adapter.match(path.partition("?")[0], method="GET")[0])
        except NotFound:
            continue
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("pages.")
        and "GET" in (rule.methods or ())
        and rule.endpoint not in NOT_PAGES | reached
        and not any(token in rule.rule for token in ONE_TIME_LINKS)
        and rule.rule not in NEEDS_MORE
    )
