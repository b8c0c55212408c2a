"""The comment thread on record pages: comment, reply and correct with forms that work
without JavaScript (CSRF-protected), shown only to readers of the record in full, the
forms not to viewers; refusals come back with what was typed."""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID

from flask import Flask

from tests.integration.story import evidence_fields
from tests.pages.support import demo_id, signed_in, text
from tracker.accounts import find_user
from tracker.notices import list_notices
from web.services import services, use_cases

COMMENT = re.compile(r'id="comment-([0-9a-f-]{36})"')


def commitment_page(app: Flask) -> str:
    return f"/commitments/{demo_id(app, 'commitment', 'ke-commitment-seedlings')}"


def test_a_lead_comments_and_another_replies_on_a_record_page(app: Flask) -> None:
    page = commitment_page(app)
    wanjiru = signed_in(app, "wanjiru")
    assert "No comments yet." in text(wanjiru.get(page))
    sent = wanjiru.send(
        f"{page}/comments", {"body": "Seedlings counted?\n@amina please check"}, page
    )
    assert sent.status_code == 302 and "#comment-" in sent.headers["Location"]
    html = text(wanjiru.get(page))
    (first,) = COMMENT.findall(html)
    assert "Seedlings counted?<br>@amina please check" in html
    amina = signed_in(app, "amina")
    replied = amina.send(f"{page}/comments", {"body": "17,500 — نعم", "reply_to": first}, page)
    assert replied.status_code == 302
    html = text(amina.get(page))
    assert COMMENT.findall(html)[0] == first and len(COMMENT.findall(html)) == 2
    assert 'dir="auto">17,500 — نعم</p>' in html
    assert "in reply to <bdi>wanjiru</bdi>" in html
    with app.app_context():
        amina_id = find_user(services().engine, "amina").id  # type: ignore[union-attr]
        told, _total = list_notices(services().engine, amina_id)
    assert [n.data["comment_id"] for n in told] == [first]


def test_a_viewer_reads_the_thread_without_a_form(app: Flask) -> None:
    page = commitment_page(app)
    signed_in(app, "wanjiru").send(f"{page}/comments", {"body": "For everyone"}, page)
    vera = signed_in(app, "vera")
    html = text(vera.get(page))
    assert "For everyone" in html and "Your comment" not in html and "Reply" not in html
    assert vera.send(f"{page}/comments", {"body": "Me too"}, page).status_code == 403


def test_a_comment_without_its_csrf_token_is_refused(app: Flask) -> None:
    page = commitment_page(app)
    wanjiru = signed_in(app, "wanjiru")
    answer = wanjiru.client.post(f"{page}/comments", data={"body": "No token"})
    assert answer.status_code == 400
    assert "No token" not in text(wanjiru.get(page))


def test_a_bad_comment_comes_back_with_what_was_typed(app: Flask) -> None:
    page = commitment_page(app)
    wanjiru = signed_in(app, "wanjiru")
    answer = wanjiru.send(f"{page}/comments", {"body": "x" * 20_001}, page)
    assert answer.status_code == 422
    assert "x" * 20_001 in text(answer) and "20,000" in text(answer)
    empty = wanjiru.send(f"{page}/comments", {"body": "   "}, page)
    assert empty.status_code == 422 and 'class="error-summary"' in text(empty)
    assert "No comments yet." in text(wanjiru.get(page))


def test_an_author_corrects_their_comment_with_a_reason_and_others_may_not(app: Flask) -> None:
    page = commitment_page(app)
    wanjiru = signed_in(app, "wanjiru")
    wanjiru.send(f"{page}/comments", {"body": "Planted in Juen"}, page)
    (comment,) = COMMENT.findall(text(wanjiru.get(page)))
    correct = f"{page}/comments/{comment}/correct"
    assert "Correct your comment" in text(wanjiru.get(page))
    assert signed_in(app, "amina").get(correct).status_code == 403
    assert "Correct your comment" not in text(signed_in(app, "amina").get(page))
    form = wanjiru.get(correct)
    assert form.status_code == 200 and "Planted in Juen" in text(form)
    no_reason = wanjiru.send(correct, {"body": "Planted in June", "version": "1"})
    assert no_reason.status_code == 422 and "Planted in June" in text(no_reason)
    done = wanjiru.send(correct, {"body": "Planted in June", "reason": "typo", "version": "1"})
    assert done.status_code == 302
    html = text(wanjiru.get(page))
    assert "Planted in June" in html and "Planted in Juen" not in html
    assert "corrected" in html and "typo" in html
    stale = wanjiru.send(correct, {"body": "Planted in July", "reason": "x", "version": "1"})
    assert stale.status_code == 422 and "while you were typing" in text(stale)


def test_the_thread_of_confidential_evidence_is_only_for_those_who_may_read_it(
    app: Flask,
) -> None:
    with app.app_context():
        wanjiru_id = find_user(services().engine, "wanjiru").id  # type: ignore[union-attr]
        evidence: UUID = (
            use_cases()
            .record_evidence(
                **evidence_fields(
                    sensitivity="confidential", recorded_by=wanjiru_id, occurred_on=date(2025, 1, 2)
                )
            )
            .id
        )
    page = f"/evidence/{evidence}"
    wanjiru = signed_in(app, "wanjiru")
    assert wanjiru.send(f"{page}/comments", {"body": "Names in annex B"}, page).status_code == 302
    assert "Names in annex B" in text(signed_in(app, "tomas").get(page))
    for name in ("amina", "linh", "vera"):
        reader = signed_in(app, name)
        html = text(reader.get(page))
        assert "Names in annex B" not in html and 'id="comments-title"' not in html
    linh = signed_in(app, "linh")
    token_page = commitment_page(app)  # a page with a form, for linh's CSRF token
    assert linh.send(f"{page}/comments", {"body": "Let me"}, token_page).status_code == 404
