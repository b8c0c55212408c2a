"""Names the read models answer with: public event types, record kinds, plain JSON values."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain import KINDS

# A record kind in events (`advocacy_input`) and in the API's paths (`advocacy-inputs`).
API_KINDS: dict[str, str] = {name: kind.plural for name, kind in KINDS.items()}
RECORD_KINDS: dict[str, str] = {api: kind for kind, api in API_KINDS.items()}


# Fields the library gives every event (its record, version, topic and when it was stored):
# an event's `data` leaves them out.
STORED_WITH_EVERY_EVENT = frozenset(
    {"originator_id", "originator_version", "originator_topic", "timestamp"}
)
# ... and the provenance every fact carries, shown beside its data (when it happened, who
# recorded it).
SHOWN_APART = STORED_WITH_EVERY_EVENT | {"occurred_on", "recorded_by"}


ID_TEXTS = 400_000  # ids whose text `id_text` remembers (about 60 MB), then it starts again
_id_texts: dict[int, str] = {}


def id_text(value: Any) -> str:
    """A record's id as the read models store it: the text of its UUID (`str(value)`).

    Handlers ask for the same few ids again and again (a record's, its coalition's), and a
    UUID writes its text anew each time (about 0.6 µs, a twentieth of a rebuild in all): the
    texts are remembered by the UUID's number, which costs a twentieth of that to look up.
    """
    try:
        number = value.int
    except AttributeError:  # not a UUID: already text
        return str(value)
    text = _id_texts.get(number)
    if text is None:
        if len(_id_texts) >= ID_TEXTS:
            _id_texts.clear()
        text = _id_texts[number] = str(value)
    return text


def event_data(event: object) -> dict[str, Any]:
    """An event's own fields as JSON has them: what it says, without its provenance."""
    return plain({k: v for k, v in vars(event).items() if k not in SHOWN_APART})


def event_type(event: object) -> str:
    """The public name of an event: its class's stable topic, `commitment.progress_reported`."""
    topic: str = type(event).TOPIC  # type: ignore[attr-defined]
    return topic


def record_kind(kind: str) -> str:
    """The kind of record in events (`advocacy_input`), named either way."""
    return RECORD_KINDS.get(kind, kind)


def plain(value: Any) -> Any:
    """A value as JSON has it: ids and dates as text, amounts as decimal strings."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    return str(value)


def amount_text(value: Decimal) -> str:
    """An amount in plain decimal notation, as the store has it (`1500000.00`)."""
    return f"{value:f}"


def amount_parts(text: str | None) -> tuple[int, int]:
    """An amount as whole units and ten-thousandths, which SQL sums exactly."""
    if text is None:
        return 0, 0
    whole, _, fraction = text.partition(".")
    return int(whole), int((fraction + "0000")[:4])


def amount_from_parts(units: int, frac: int) -> Decimal:
    """The sum of amounts kept as whole units and ten-thousandths."""
    return Decimal(units) + Decimal(frac).scaleb(-4)
