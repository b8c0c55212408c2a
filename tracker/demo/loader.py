"""What the worked examples are loaded with: the demo accounts, the loader that creates
each record once (found again by its external reference), and helpers for later changes."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any
from uuid import UUID, uuid5

from domain import RECORD_CLASSES
from domain.coalitions import Coalition
from tracker.application import Saved, Tracker
from tracker.errors import DuplicateRecord, RecordNotFound

DEMO_SYSTEM = "demo"

# A later change to a record, waiting for the record's id and the version it expects.
Step = Callable[..., Saved]

# Demo accounts have fixed ids, so the events below name users that can be created later.
DEMO_USER_NAMESPACE = UUID("8d7c2f7e-9b1a-4c55-8f0e-3a6d2b4e9c10")


@dataclass(frozen=True)
class DemoAccount:
    """A demo user: account name, role and the coalitions a lead works for."""

    name: str
    role: str
    coalitions: tuple[str, ...] = ()


DEMO_ACCOUNTS = (
    DemoAccount("admin", "admin"),
    DemoAccount("wanjiru", "coalition_lead", ("ke",)),
    DemoAccount("linh", "coalition_lead", ("vn",)),
    DemoAccount("amina", "executive"),
    DemoAccount("tomas", "evaluator"),
)


def demo_user_id(name: str) -> str:
    """The fixed user id of a demo account, the same in every database."""
    return str(uuid5(DEMO_USER_NAMESPACE, name))


ADMIN, WANJIRU, LINH, AMINA, TOMAS = (demo_user_id(a.name) for a in DEMO_ACCOUNTS)


@dataclass
class DemoReport:
    """What a run of `load_demo` added: records created by kind, and later changes applied."""

    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RECORD_CLASSES, 0))
    changes: int = 0

    @property
    def anything_new(self) -> bool:
        """Whether this run added any event at all."""
        return sum(self.created.values()) > 0 or self.changes > 0


class Loader:
    """Creates demo records once, found again by their external reference."""

    def __init__(self, tracker: Tracker, out: Callable[[str], None]) -> None:
        self.tracker, self.out, self.report = tracker, out, DemoReport()

    def coalition(
        self, code: str, name: str, country: str | None, members: Sequence[str], on: date
    ) -> UUID:
        """A coalition (reused if its code is taken) with its member organisations."""
        coalition_id = self.tracker.find_by_external_ref("coalition", DEMO_SYSTEM, code)
        if coalition_id is None:
            try:
                saved = self.tracker.register_coalition(
                    code=code,
                    name=name,
                    country=country,
                    occurred_on=on,
                    recorded_by=ADMIN,
                    external_ref=ref(code),
                )
            except DuplicateRecord as taken:  # registered by hand before the demo ran
                if taken.existing is None:
                    raise
                coalition_id = taken.existing
            else:
                coalition_id = saved.id
                self._created("coalition", code, name)
        # Membership is state, so it is checked directly rather than by version.
        for member in members:
            record = self.tracker.get("coalition", coalition_id)
            if isinstance(record, Coalition) and member not in record.members:
                self.tracker.admit_member(
                    coalition_id,
                    name=member,
                    occurred_on=on,
                    recorded_by=ADMIN,
                    expected_version=record.version,
                )
                self.report.changes += 1
        return coalition_id

    def record(
        self,
        kind: str,
        key: str,
        label: str,
        create: Callable[..., Saved],
        /,
        *,
        then: Sequence[Step] = (),
        **fields: Any,
    ) -> UUID:
        """The record known as `key`, created with `fields` if it is not there yet, and the
        later changes `then` it has not had yet (see `follow_ons`)."""
        found = self.tracker.find_by_external_ref(kind, DEMO_SYSTEM, key)
        if found is None:
            found = create(**fields, external_ref=ref(key)).id
            self._created(kind, key, label)
        self.follow_ons(kind, found, *then)
        return found

    def dialogue(
        self,
        key: str,
        label: str,
        commitments: Mapping[str, dict[str, Any]],
        *,
        then: Sequence[Step] = (),
        **fields: Any,
    ) -> tuple[UUID, list[UUID]]:
        """A dialogue and the commitments made in it (keyed), saved together once, and the
        later changes `then` the dialogue has not had yet (see `follow_ons`)."""
        found = self.tracker.find_by_external_ref("dialogue", DEMO_SYSTEM, key)
        if found is not None:
            made = [self._find("commitment", ckey) for ckey in commitments]
        else:
            saved = self.tracker.log_dialogue(
                **fields,
                external_ref=ref(key),
                commitments=[{**c, "external_ref": ref(ckey)} for ckey, c in commitments.items()],
            )
            self._created("dialogue", key, label)
            for ckey, commitment in commitments.items():
                self._created("commitment", ckey, commitment["text"])
            found, made = saved.id, list(saved.commitments)
        self.follow_ons("dialogue", found, *then)
        return found, made

    def follow_ons(self, kind: str, record_id: UUID, *steps: Step) -> None:
        """Apply, in order, the changes a record has not had yet, judged by its version.

        A demo record is at version 1 when created and each change adds one, so version n
        means the first n - 1 changes were saved; a run stopped half-way resumes with the
        next. Each change names the version it expects, so two runs at once cannot apply
        one twice.
        """
        if not steps:
            return
        version = self.tracker.get(kind, record_id).version
        for step in steps[version - 1 :]:
            version = step(record_id, expected_version=version).version
            self.report.changes += 1

    def progress(
        self, commitment: UUID, by: str, *reported: ProgressReport, reviewed: Review | None = None
    ) -> None:
        """A commitment's progress reports by `by`, in order, then the executive
        committee's review if it has had one; each applied once (see `follow_ons`)."""
        steps = reports(self.tracker, by, *reported)
        if reviewed is not None:
            steps.append(review(self.tracker, *reviewed))
        self.follow_ons("commitment", commitment, *steps)

    def _find(self, kind: str, key: str) -> UUID:
        found = self.tracker.find_by_external_ref(kind, DEMO_SYSTEM, key)
        if found is None:
            raise RecordNotFound(kind, f"{DEMO_SYSTEM}:{key}")
        return found

    def _created(self, kind: str, key: str, label: str) -> None:
        self.report.created[kind] += 1
        self.out(f"{kind.replace('_', ' ')} {key}: {label}")


def ref(key: str) -> dict[str, str]:
    return {"system": DEMO_SYSTEM, "id": key}


# A progress report: status, completion, when, and what happened.
ProgressReport = tuple[str, str, date, str]
# A review: the verdict, when, and a note.
Review = tuple[str, date, str]


def reports(t: Tracker, by: str, *reports: ProgressReport) -> list[Step]:
    """Progress reports of a commitment, made by `by`."""
    return [
        partial(
            t.report_progress,
            status=status,
            completion=completion,
            occurred_on=on,
            note=note,
            evidence=[],
            recorded_by=by,
        )
        for status, completion, on, note in reports
    ]


def review(t: Tracker, verdict: str, on: date, note: str) -> Step:
    """The executive committee's verdict on a commitment (Amina gives them all)."""
    return _verdict(t.review_commitment, verdict, on, note, AMINA)


def substantiation(t: Tracker, verdict: str, on: date, note: str) -> Step:
    """An evaluator's verdict on an outcome (Tomas gives them all)."""
    return _verdict(t.substantiate_outcome, verdict, on, note, TOMAS)


def _verdict(use_case: Callable[..., Saved], verdict: str, on: date, note: str, by: str) -> Step:
    return partial(use_case, verdict=verdict, occurred_on=on, note=note, recorded_by=by)


def commitment(
    text: str, institution: str, role: str, due_on: date, groups: list[str], sdgs: list[str]
) -> dict[str, Any]:
    return {
        "text": text,
        "made_by": {"institution": institution, "role": role},
        "due_on": due_on,
        "groups": groups,
        "sdg_targets": sdgs,
    }


def decision_maker(role: str, institution: str) -> dict[str, str]:
    # Decision makers are named by their office, never by a person's name.
    return {"name": role, "role": role, "institution": institution}
