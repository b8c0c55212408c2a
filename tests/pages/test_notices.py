"""The /notices page (reminders and mentions, judged at display time) and the digests'
unsubscribe link, on the demo."""

from __future__ import annotations

import io
from datetime import date

from flask import Flask

from tests.integration.story import evidence_fields
from tests.pages.support import Reader, signed_in, text
from tracker.accounts import find_user
from tracker.notices import add_notice
from tracker.reminders.sending import send_reminders
from tracker.reminders.unsubscribe import unsubscribe_token
from web.services import services

ON = date(2026, 12, 20)


def remind(app: Flask) -> None:
    with app.app_context():
        code = send_reminders(services(), ON, out=io.StringIO(), err=io.StringIO())
    assert code == 0  # no SMTP_URL: the notices only


def user_id(app: Flask, name: str) -> str:
    with app.app_context():
        found = find_user(services().engine, name)
    assert found is not None
    return found.id


def test_a_lead_reads_their_reminder_with_links_to_its_commitments(app: Flask) -> None:
    remind(app)
    page = signed_in(app, "wanjiru").get("/notices")
    assert page.status_code == 200
    html = text(page)
    assert "Reminder for" in html and "20 Dec 2026" in html
    assert "commitment overdue" in html or "commitments overdue" in html
    assert 'href="/commitments/' in html
    assert "Not sent by e-mail." in html
    assert page.headers["Cache-Control"].startswith("no-store")
    vietnam = text(signed_in(app, "linh").get("/notices"))
    assert "due within 14 days" in vietnam and "overdue" not in vietnam.split("due within")[0]


def test_a_mention_names_who_and_where_only_while_the_reader_may_read_it(app: Flask) -> None:
    with app.app_context():
        tracker = services().tracker
        public = tracker.record_evidence(**evidence_fields(title="Open data <b>", recorded_by="x"))
        secret = tracker.record_evidence(
            **evidence_fields(title="Secret forum notes", sensitivity="confidential")
        )
    admin, linh = user_id(app, "admin"), user_id(app, "linh")
    with app.app_context():
        for record in (public.id, secret.id):
            add_notice(
                services().engine,
                user_id=linh,
                kind="mention",
                data={
                    "kind": "evidence",
                    "record_id": str(record),
                    "comment_id": "c1",
                    "by": admin,
                },
            )
    html = text(signed_in(app, "linh").get("/notices"))
    assert "admin mentioned you in a comment on the evidence" in html
    assert "Open data &lt;b&gt;" in html and f"/evidence/{public.id}#comment-c1" in html
    assert "Secret forum notes" not in html and str(secret.id) not in html
    assert "a record you may no longer read" in html


def test_notices_need_a_sign_in_and_page_numbers_never_fail(app: Flask, reader: Reader) -> None:
    assert reader.get("/notices").status_code == 302
    lead = signed_in(app, "wanjiru")
    for page in ("0", "-3", "x", "99999999999999999999999"):
        assert lead.get(f"/notices?page={page}").status_code == 200
    assert "No notices yet." in text(lead.get("/notices"))


def test_the_unsubscribe_link_turns_digests_off_without_a_sign_in(
    app: Flask, reader: Reader
) -> None:
    token = unsubscribe_token(app.config["SECRET_KEY"], user_id(app, "wanjiru"))
    page = reader.get(f"/unsubscribe/{token}")
    assert page.status_code == 200 and "Turn daily digests off" in text(page)
    with app.app_context():
        assert find_user(services().engine, "wanjiru").digests  # type: ignore[union-attr]
    done = reader.client.post(f"/unsubscribe/{token}")
    assert done.status_code == 200 and "no more daily digests" in text(done)
    with app.app_context():
        assert not find_user(services().engine, "wanjiru").digests  # type: ignore[union-attr]


def test_a_mail_clients_one_click_post_unsubscribes(app: Flask, reader: Reader) -> None:
    token = unsubscribe_token(app.config["SECRET_KEY"], user_id(app, "linh"))
    answer = reader.client.post(
        f"/unsubscribe/{token}",
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code == 200
    with app.app_context():
        assert not find_user(services().engine, "linh").digests  # type: ignore[union-attr]


def test_a_tampered_or_foreign_unsubscribe_link_is_not_found(app: Flask, reader: Reader) -> None:
    token = unsubscribe_token(app.config["SECRET_KEY"], user_id(app, "wanjiru"))
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    foreign = unsubscribe_token("another key, not this site's at all", user_id(app, "wanjiru"))
    for bad in (tampered, foreign, "nonsense"):
        assert reader.get(f"/unsubscribe/{bad}").status_code == 404
        assert reader.client.post(f"/unsubscribe/{bad}").status_code == 404
    with app.app_context():
        assert find_user(services().engine, "wanjiru").digests  # type: ignore[union-attr]
