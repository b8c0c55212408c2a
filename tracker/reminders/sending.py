"""`tracker reminders send`: each coalition lead's digest for a day, recorded, then e-mailed.

For each enabled coalition lead, in name order:
1. their digest for the day is worked out (tracker.reminders.digests); a lead with nothing
   due and nothing overdue gets none;
2. the digest is recorded as a notice (shown on their /notices page) *before* anything is
   sent, under the key `reminder:DAY`: a second run of the day records nothing new;
3. the day's notice is e-mailed if it has not been yet (`sent_at` empty), the lead has an
   address and has not turned digests off; it is marked sent once the SMTP server has
   accepted it. So a run that could not send (the server down) leaves it unsent, and the
   next run of the same day sends what the first recorded, exactly that.

Runs are one at a time (a lock in the database's own terms), so a cron line and the
worker's daily job may overlap without sending twice. Only a crash between the server's
acceptance and the mark could send a digest twice, once: at least once, never lost.
"""

from __future__ import annotations

import fcntl
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from sqlalchemy import text

from projections import runner
from tracker.accounts import User, list_users
from tracker.composition import Services
from tracker.notices import add_notice, find_notice, mark_sent
from tracker.reminders.digests import digest_for
from tracker.reminders.mail import Mailer, MailRefused, MailUnavailable, SmtpServer, connected
from tracker.reminders.messages import TRANSLATIONS, reminder_message

# Any constant will do; it only has to differ from the setup lock's (tracker.composition).
LOCK_KEY = 0x7265_6D69_6E64


def dedupe_key(on: date) -> str:
    """The key that makes a lead's digest once a day."""
    return f"reminder:{on.isoformat()}"


@dataclass
class Report:
    """What a run did, lead by lead counted."""

    sent: int = 0
    nothing_due: int = 0
    not_emailed: int = 0  # no address, or digests turned off: on /notices only
    already_sent: int = 0
    failed: int = 0

    def line(self) -> str:
        """The command's last line."""
        digests = "digest" if self.sent == 1 else "digests"
        leads = "lead" if self.nothing_due == 1 else "leads"
        return (
            f"sent {self.sent} {digests} ({self.nothing_due} {leads} had nothing due;"
            f" {self.not_emailed} without e-mail or with digests off;"
            f" {self.already_sent} already sent today"
            + (f"; {self.failed} not sent)" if self.failed else ")")
        )


def send_reminders(
    services: Services,
    on: date,
    *,
    directory: Path = TRANSLATIONS,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Record and send the day's digests (see the module); the exit code: 0, or 1 when any
    digest could not be sent (it stays unsent, for the next run of the day)."""
    out, err = out or sys.stdout, err or sys.stderr
    settings, engine = services.settings, services.engine
    server = SmtpServer.from_url(settings.smtp_url) if settings.smtp_url else None
    if server is None:
        print("SMTP_URL is not set: digests are listed on /notices, not e-mailed", file=err)
    report = Report()
    key = dedupe_key(on)
    with one_run_at_a_time(services), ExitStack() as stack:
        runner.catch_up(services.tracker, engine)
        mailer: Mailer | None = None
        down = server is None  # no server, or it failed: the rest wait for the next run
        for lead in leads(services):
            digest = digest_for(engine, lead.coalitions, on)
            if not digest.empty:
                add_notice(engine, user_id=lead.id, kind="reminder", data=digest.data(), dedupe=key)
            notice = find_notice(engine, lead.id, key)
            if notice is None:
                report.nothing_due += 1
            elif notice.sent_at is not None:
                report.already_sent += 1
            elif not lead.email or not lead.digests:
                report.not_emailed += 1
            elif down or server is None:
                report.failed += 1
            else:
                try:
                    # Connected at the first digest to send: a quiet day never connects.
                    mailer = mailer or stack.enter_context(connected(server))
                    mailer.send(reminder_message(lead, notice.data, settings, directory=directory))
                except (MailRefused, MailUnavailable) as error:
                    print(f"error: {error}", file=err)
                    report.failed += 1
                    down = down or isinstance(error, MailUnavailable)
                    continue
                mark_sent(engine, notice.id)
                report.sent += 1
                print(f"sent {lead.name} <{lead.email}> their digest for {on}", file=out)
    if report.failed and server is not None:
        print(f"{report.failed} not sent; the next run of {on} sends them", file=err)
    print(report.line(), file=out)
    return 1 if report.failed and server is not None else 0


def leads(services: Services) -> list[User]:
    """Every enabled coalition lead, by name."""
    return [
        user
        for user in list_users(services.engine)
        if user.role == "coalition_lead" and not user.disabled
    ]


@contextmanager
def one_run_at_a_time(services: Services) -> Iterator[None]:
    """Held while a run records and sends: another run waits, then finds all sent.
    PostgreSQL: an advisory lock; SQLite (one machine): a lock file beside the database."""
    settings = services.settings
    if settings.is_postgres:
        with services.engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK_KEY})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
                connection.commit()
        return
    path = Path(settings.url.database or "tracker.sqlite")
    with open(path.with_name(path.name + ".reminders.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
