"""The timeline: one entry per fact, with a sentence a person reads, in the order it happened."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from domain import KINDS, RECORD_CLASSES
from domain.coalitions import Coalition
from domain.vocabularies import strictest
from projections.batch import Change, Counter, Key, Op, ProjectionError, Row
from projections.kinds import API_KINDS, id_text
from projections.projection import Projection, View
from projections.schema import timeline, timeline_days, timeline_subjects
from projections.titles import SENTENCES, label_of, relabel, sentence

CREATIONS = tuple(kind.created for kind in KINDS.values())


def _days(row: Any) -> tuple[Any, ...]:
    return (row["coalition"], row["occurred_on"])


projection = Projection(
    "timeline",
    tables=(timeline_subjects, timeline, timeline_days),
    counters=(Counter(timeline, timeline_days, key=_days),),
    streams=(timeline,),
    cost=35,
    # 2: each entry keeps the sensitivity its content was written under; 3: a commitment's
    # sentences name it by its own words, not only by its maker
    version=3,
)


def _facts() -> Iterator[type]:
    """Every event class of every kind of record that the timeline has a sentence for."""
    for cls in RECORD_CLASSES.values():
        for attribute in vars(cls).values():
            topic = getattr(attribute, "TOPIC", None)
            if not isinstance(attribute, type) or not isinstance(topic, str):
                continue
            if topic in SENTENCES or topic.endswith(".corrected"):
                yield attribute


@projection.reads
def _needs(event: Any) -> Iterator[tuple[Any, Key]]:
    if not isinstance(event, CREATIONS):
        yield timeline_subjects, id_text(event.originator_id)


def _new_subject(kind: str, event: Any) -> dict[str, Any]:
    key = id_text(event.originator_id)
    return {
        "id": key,
        "type": API_KINDS[kind],
        "coalition": key if kind == "coalition" else id_text(event.coalition),
        "label": label_of(kind, vars(event)),
        "currency": getattr(event, "currency", None),
        "sensitivity": getattr(event, "sensitivity", None),
    }


def _relabelled(kind: str, event: Any, label: str) -> dict[str, Any]:
    """What a correction or a new name changes in how the timeline names a record."""
    if isinstance(event, Coalition.Renamed):
        return {"label": event.name}
    changes: dict[str, Any] = getattr(event, "changes", {})
    relabelled: dict[str, Any] = {
        k: changes[k] for k in ("currency", "sensitivity") if k in changes
    }
    if (new := relabel(kind, changes, label)) is not None:
        relabelled["label"] = new
    return relabelled


class _Fact(NamedTuple):
    """What the timeline needs to know of an event class, worked out once per class."""

    topic: str
    kind: str
    creates: bool  # a new record (its creating event)
    corrects: bool  # a correction of a record
    relabels: bool  # may change how the timeline names its record


def _fact(cls: type) -> _Fact:
    topic: str = cls.TOPIC  # type: ignore[attr-defined]
    corrects = topic.endswith(".corrected")
    relabels = corrects or issubclass(cls, Coalition.Renamed)
    return _Fact(topic, topic.partition(".")[0], issubclass(cls, CREATIONS), corrects, relabels)


def _entry(event: Any, view: View) -> Iterator[Op]:
    fact = _FACTS.get(type(event)) or _fact(type(event))
    topic, kind = fact.topic, fact.kind
    if fact.creates:
        subject: Any = _new_subject(kind, event)
        yield Row(timeline_subjects, subject)
    else:
        subject = view.get(timeline_subjects, id_text(event.originator_id))
        if subject is None:
            raise ProjectionError(f"{topic} of {event.originator_id}, which the timeline lacks")
    # A budget line identified without a date is placed on the day it was recorded.
    occurred_on = event.occurred_on or event.timestamp.date()
    changes: dict[str, Any] = getattr(event, "changes", {})
    written_under = subject["sensitivity"]
    if (new_sensitivity := changes.get("sensitivity")) is not None:
        written_under = strictest(written_under, new_sensitivity)
    yield Row(
        timeline,
        {
            "position": view.position,
            "occurred_on": occurred_on,
            "recorded_at": event.timestamp,
            "kind": topic,
            "title": sentence(topic, event, kind, subject["label"], subject["currency"]),
            "coalition": subject["coalition"],
            "ref_type": subject["type"],
            "ref_id": subject["id"],
            "recorded_by": event.recorded_by,
            "correction": fact.corrects,
            "written_under": written_under,
        },
    )
    if fact.relabels and (relabelled := _relabelled(kind, event, subject["label"])):
        yield Change(timeline_subjects, subject["id"], relabelled)


projection.on(*_facts())(_entry)
_FACTS = {cls: _fact(cls) for cls in projection.handlers}
