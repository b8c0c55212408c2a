"""`tracker reminders send`: each lead's digest recorded on /notices, then e-mailed once a
day through a real SMTP server, in the lead's language."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from click.testing import CliRunner

from tests.integration.mailbox import Mailbox, free_port, plain
from tracker.accounts import add_user, set_user
from tracker.cli import main
from tracker.composition import Services, open_services
from tracker.notices import list_notices
from tracker.reminders.digests import digest_for
from tracker.reminders.mail import SmtpServer
from tracker.reminders.sending import send_reminders
from tracker.reminders.unsubscribe import unsubscribe_token, user_of
from tracker.settings import Settings

ON = date(2026, 3, 2)
LEAD = "operator"


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox().start()
    yield box
    box.stop()


@pytest.fixture
def french(tmp_path: Path) -> Path:
    """A catalog directory whose French translates the digest's subject and a line of it
    (the project's catalogs are filled in by translators; this test is about the wiring)."""
    catalog = Catalog(locale="fr")
    catalog.add(
        (
            "Reminder for %(date)s: %(num)d commitment due or overdue",
            "Reminder for %(date)s: %(num)d commitments due or overdue",
        ),
        (
            "Rappel du %(date)s : %(num)d engagement à échéance ou en retard",
            "Rappel du %(date)s : %(num)d engagements à échéance ou en retard",
            "Rappel du %(date)s : %(num)d engagements à échéance ou en retard",
        ),
    )
    catalog.add("Hello %(name)s,", "Bonjour %(name)s,")
    target = tmp_path / "translations" / "fr" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with open(target / "messages.mo", "wb") as mo:
        write_mo(mo, catalog)
    return tmp_path / "translations"


def commitment(services: Services, coalition: str, text: str, due_on: date | None) -> UUID:
    return services.tracker.make_commitment(
        coalition=coalition,
        text=text,
        made_by={"institution": f"Ministry of {text}", "role": "Minister"},
        due_on=due_on,
        groups=[],
        sdg_targets=[],
        occurred_on=date(2025, 6, 1),
        recorded_by=LEAD,
    ).id


@pytest.fixture
def world(database_url: str, mailbox: Mailbox) -> Iterator[Services]:
    """Three coalitions, commitments due at every distance from ON, and leads of each kind."""
    services = open_services(Settings(database_url=database_url, smtp_url=mailbox.url))
    t = services.tracker
    for code, name in (("ke", "Kenya"), ("np", "Nepal"), ("vn", "Vietnam")):
        t.register_coalition(code=code, name=name, recorded_by=LEAD)
    commitment(services, "ke", "Water <today> & more", date(2026, 3, 2))
    commitment(services, "ke", "Schools in 3 days", date(2026, 3, 5))
    commitment(services, "ke", "Clinics on day 14", date(2026, 3, 16))
    commitment(services, "ke", "Roads on day 15", date(2026, 3, 17))
    commitment(services, "ke", "Seeds overdue", date(2026, 2, 1))
    commitment(services, "ke", "Undated", None)
    done = commitment(services, "ke", "Fulfilled late", date(2026, 2, 1))
    t.report_progress(
        done,
        status="fulfilled",
        completion="complete",
        note="",
        evidence=[],
        occurred_on=date(2026, 2, 20),
        recorded_by=LEAD,
    )
    commitment(services, "np", "Budget in Nepal", date(2026, 3, 4))
    commitment(services, "vn", "Far away", date(2027, 1, 1))
    engine = services.engine
    add_user(
        engine,
        "amina",
        "coalition_lead",
        coalitions=["ke"],
        email="amina@ke.example",
        language="fr",
    )
    add_user(engine, "bishnu", "coalition_lead", coalitions=["np"], email="bishnu@np.example")
    add_user(engine, "chi", "coalition_lead", coalitions=["vn"], email="chi@vn.example")
    add_user(engine, "dede", "coalition_lead", coalitions=["ke"])  # no address
    add_user(engine, "esi", "coalition_lead", coalitions=["np"], email="esi@np.example")
    set_user(engine, "esi", digests=False)
    add_user(engine, "exec", "executive", email="exec@example.org")  # not a lead
    try:
        yield services
    finally:
        services.close()


def run(services: Services, on: date = ON, directory: Path | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    extra = {"directory": directory} if directory else {}
    code = send_reminders(services, on, out=out, err=err, **extra)
    return code, out.getvalue(), err.getvalue()


def texts(items: list[dict[str, str]]) -> list[str]:
    return [item["text"] for item in items]


def test_a_digest_holds_what_is_due_within_14_days_inclusive_and_what_is_overdue(
    world: Services,
) -> None:
    digest = digest_for(world.engine, ["ke"], ON)
    assert texts(digest.due) == ["Water <today> & more", "Schools in 3 days", "Clinics on day 14"]
    assert texts(digest.overdue) == ["Seeds overdue"]
    assert digest.due[0]["coalition"] == "ke" and digest.due[0]["due_on"] == "2026-03-02"
    assert digest_for(world.engine, ["vn"], ON).empty


def test_each_lead_gets_one_digest_a_day_and_the_next_day_another(
    world: Services, mailbox: Mailbox
) -> None:
    code, out, err = run(world)
    assert code == 0, err
    assert out.splitlines()[-1] == (
        "sent 2 digests (1 lead had nothing due; 2 without e-mail or with digests off;"
        " 0 already sent today)"
    )
    assert sorted(m["To"] for m in mailbox.messages) == ["amina@ke.example", "bishnu@np.example"]
    nepal = mailbox.to("bishnu@np.example")[0]
    body = plain(nepal)
    assert "Budget in Nepal" in body and "Seeds overdue" not in body  # not another coalition's
    assert "Ministry of Budget in Nepal" in body and "4 March 2026" in body
    kenya = plain(mailbox.to("amina@ke.example")[0])
    for shown in ("Water <today> & more", "Schools in 3 days", "Clinics on day 14", "Seeds"):
        assert shown in kenya  # as typed: plain text, nothing escaped
    for left_out in ("Roads on day 15", "Undated", "Fulfilled late", "Far away"):
        assert left_out not in kenya

    code, out, _ = run(world)  # the same day again: nothing more
    assert code == 0 and len(mailbox.messages) == 2
    assert out.splitlines()[-1].startswith("sent 0 digests") and "2 already sent today" in out

    code, out, _ = run(world, date(2026, 3, 3))
    assert code == 0 and len(mailbox.messages) == 4
    later = mailbox.to("bishnu@np.example")[1]
    assert "Budget in Nepal" in plain(later)


def test_the_digest_is_in_the_leads_language_with_unsubscribe_headers(
    world: Services, mailbox: Mailbox, french: Path
) -> None:
    assert run(world, directory=french)[0] == 0
    kenya = mailbox.to("amina@ke.example")[0]
    assert kenya["Subject"] == "Rappel du 2 mars 2026 : 4 engagements à échéance ou en retard"
    assert kenya["Content-Language"] == "fr"
    body = plain(kenya)
    assert body.startswith("Bonjour amina,") and "16 mars 2026" in body  # dates by locale
    html_part = kenya.get_body(("html",))
    assert html_part is not None
    html = str(html_part.get_content())
    assert '<html lang="fr"' in html and "<p>Bonjour amina,</p>" in html
    assert "Water &lt;today&gt; &amp; more" in html and "<today>" not in html  # escaped
    assert 'href="http://127.0.0.1:5000/commitments/' in html and "/unsubscribe/" in html
    nepal = mailbox.to("bishnu@np.example")[0]
    assert nepal["Subject"] == "Reminder for 2 Mar 2026: 1 commitment due or overdue"
    assert plain(nepal).startswith("Hello bishnu,")

    link = nepal["List-Unsubscribe"].strip("<>")
    assert link.startswith("http://127.0.0.1:5000/unsubscribe/")
    assert nepal["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    raw = mailbox.raw[mailbox.messages.index(nepal)].decode()
    assert f"List-Unsubscribe: <{link}>\r\n" in raw  # as written, not encoded
    assert link in plain(nepal)
    token = link.rsplit("/", 1)[1]
    assert user_of(world.settings.signing_key, token) == set_user(world.engine, "bishnu").id
    assert "http://127.0.0.1:5000/commitments/" in plain(nepal)


def test_leads_without_an_address_or_with_digests_off_get_the_notice_only(
    world: Services, mailbox: Mailbox
) -> None:
    run(world)
    recipients = {m["To"] for m in mailbox.messages}
    assert "esi@np.example" not in recipients and "exec@example.org" not in recipients
    for name in ("dede", "esi"):
        user = set_user(world.engine, name)
        notices, total = list_notices(world.engine, user.id)
        assert total == 1 and notices[0].kind == "reminder" and notices[0].sent_at is None
        assert notices[0].data["on"] == "2026-03-02"
    chi = set_user(world.engine, "chi")
    assert list_notices(world.engine, chi.id)[1] == 0  # nothing due: no digest, no notice


def test_a_digest_not_sent_while_the_server_is_down_goes_on_the_next_run(
    world: Services, mailbox: Mailbox
) -> None:
    port = free_port()
    down = replace(world, settings=replace(world.settings, smtp_url=f"smtp://127.0.0.1:{port}"))
    code, out, err = run(down)
    assert code == 1
    assert f"127.0.0.1:{port}" in err and err.startswith("error: ")
    assert out.splitlines()[-1].startswith("sent 0 digests")
    amina = set_user(world.engine, "amina")
    notices, _ = list_notices(world.engine, amina.id)
    assert len(notices) == 1 and notices[0].sent_at is None  # recorded, not sent

    back = Mailbox(port).start()
    try:
        code, out, err = run(down)
        assert code == 0, err
        assert sorted(m["To"] for m in back.messages) == ["amina@ke.example", "bishnu@np.example"]
        assert list_notices(world.engine, amina.id)[0][0].sent_at is not None
        assert run(down)[0] == 0 and len(back.messages) == 2
    finally:
        back.stop()


def test_the_command_line_reports_and_exits(
    world: Services, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", world.settings.database_url)
    monkeypatch.setenv("SMTP_URL", mailbox.url)
    runner = CliRunner()
    answer = runner.invoke(main, ["reminders", "send", "--on", "2026-03-02"])
    assert answer.exit_code == 0, answer.output
    assert answer.stdout.splitlines()[-1].startswith("sent 2 digests")
    assert len(mailbox.messages) == 2

    monkeypatch.setenv("SMTP_URL", f"smtp://127.0.0.1:{free_port()}")
    answer = runner.invoke(main, ["reminders", "send", "--on", "2026-03-09"])
    assert answer.exit_code == 1
    assert "127.0.0.1:" in answer.stderr

    answer = runner.invoke(main, ["reminders", "send", "--on", "March 9"])
    assert answer.exit_code == 2


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://127.0.0.1:1025", SmtpServer("127.0.0.1", 1025)),
        ("smtp://relay.example.org?starttls=1", SmtpServer("relay.example.org", 25, starttls=True)),
        (
            "smtp+starttls://me%40example.org:p%3Ass%2Fw@relay.example.org",
            SmtpServer(
                "relay.example.org",
                587,
                starttls=True,
                username="me@example.org",
                password="p:ss/w",
            ),
        ),
        (
            "smtps://u:pw@relay.example.org",
            SmtpServer("relay.example.org", 465, tls=True, username="u", password="pw"),
        ),
    ],
)
def test_smtp_url_forms(url: str, expected: SmtpServer) -> None:
    assert SmtpServer.from_url(url) == expected


def test_a_tampered_unsubscribe_token_names_nobody() -> None:
    token = unsubscribe_token("k" * 32, "user-1")
    assert user_of("k" * 32, token) == "user-1"
    assert user_of("k" * 32, token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]) is None
    assert user_of("another key of 32 characters ...", token) is None
    assert user_of("k" * 32, "") is None


def test_two_runs_at_once_send_each_digest_once(world: Services, mailbox: Mailbox) -> None:
    codes: list[int] = []
    runs = [threading.Thread(target=lambda: codes.append(run(world)[0])) for _ in range(2)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join(timeout=60)
    assert codes == [0, 0]
    assert sorted(m["To"] for m in mailbox.messages) == ["amina@ke.example", "bishnu@np.example"]
