"""Who may read evidence content of each sensitivity, and what the others read instead.

The rule of DESIGN.md: `public` evidence is for every role, `restricted` for every role but
viewer, `confidential` for admins, evaluators and the leads of its coalition. Everyone else
learns that the evidence exists (its id, coalition and sensitivity), never its content.
The rule itself is tracker.permissions' `may_read`; this module says what the others read.
"""

from __future__ import annotations

from uuid import UUID

from domain.vocabularies import strictest
from tracker.accounts import User
from tracker.permissions import may_read, may_read_version

__all__ = ["hidden_label", "hidden_sentence", "may_read", "may_read_version", "timeline_title"]

# What replaces an evidence sentence (a timeline title) a reader may not see: what happened,
# without the evidence's title or any other part of its content.
HIDDEN_FACTS = {
    "evidence.recorded": "recorded",
    "evidence.corrected": "corrected",
    "evidence.retracted": "retracted",
    "evidence.quality_assessed": "assessed for quality",
}


def hidden_label(sensitivity: str | None) -> str:
    """What names evidence a reader may not read, wherever its title would stand:
    `Confidential evidence (content hidden)`."""
    return f"{(sensitivity or 'confidential').capitalize()} evidence (content hidden)"


def hidden_sentence(kind: str, sensitivity: str | None) -> str:
    """The timeline sentence a reader without the right reads: `Confidential evidence
    recorded (content hidden)`."""
    what = HIDDEN_FACTS.get(kind, "changed")
    return f"{(sensitivity or 'confidential').capitalize()} evidence {what} (content hidden)"


def timeline_title(
    reader: User | None,
    kind: str,
    title: str,
    written_under: str | None,
    sensitivity: str | None,
    coalition: str | UUID,
) -> tuple[str, bool]:
    """A timeline sentence as `reader` may read it, and whether its content was hidden: an
    entry about evidence is read at the stricter of the sensitivity it was written under and
    the evidence's current one (`kind` is the event's public name, `evidence.recorded`)."""
    if not kind.startswith("evidence.") or may_read_version(
        reader, written_under, sensitivity, coalition
    ):
        return title, False
    return hidden_sentence(kind, strictest(written_under, sensitivity)), True
