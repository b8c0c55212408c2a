"""The notices page and the unsubscribe page in a real browser: no serious or critical
accessibility problem (axe), on a phone's width, with a reminder and a mention on it."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import pytest

from tests.pages.browser import PHONE, Visitor
from tests.pages.test_browser_pages import serious_problems
from tracker.accounts import find_user
from tracker.notices import add_notice
from tracker.reminders.sending import send_reminders
from tracker.reminders.unsubscribe import unsubscribe_token
from web.services import services

pytestmark = pytest.mark.browser


def test_the_notices_and_unsubscribe_pages_are_accessible(
    open_visitor: Callable[..., Visitor],
) -> None:
    visitor = open_visitor(PHONE, "wanjiru")
    app = visitor.server.app
    with app.app_context():
        send_reminders(services(), date(2026, 12, 20), out=io.StringIO(), err=io.StringIO())
        wanjiru, admin = (
            find_user(services().engine, "wanjiru"),
            find_user(services().engine, "admin"),
        )
        assert wanjiru is not None and admin is not None
        add_notice(
            services().engine,
            user_id=wanjiru.id,
            kind="mention",
            data={"kind": "evidence", "record_id": "0" * 32, "comment_id": "c", "by": admin.id},
        )
    page = visitor.go("/notices")
    assert "Reminder for" in page.content()
    assert serious_problems(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= PHONE["width"]

    page = visitor.go(f"/unsubscribe/{unsubscribe_token(app.config['SECRET_KEY'], wanjiru.id)}")
    assert serious_problems(page) == []
