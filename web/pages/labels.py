"""How the pages name what is stored in English: vocabulary words, kinds of record, fields,
events and hidden evidence, each label one whole message in the page's language.

Stored values, the JSON API and CSV headers keep the English words (domain.vocabularies);
only what a page shows goes through these tables, looked up when the page is drawn (the
tables hold lazy strings: they are built before any request). A word missing here (one
added later) reads as stored, its underscores as spaces, until it gets a label.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from domain.vocabularies import PARTICIPATION_LEVELS

# Every word of domain.vocabularies (and the names of the participation levels), as a
# person reads it (tests/unit/test_labels.py checks that none is missing).
LABELS = {
    # evidence methods
    "survey": _l("survey"),
    "focus_group": _l("focus group"),
    "community_scorecard": _l("community scorecard"),
    "citizen_report_card": _l("citizen report card"),
    "social_audit": _l("social audit"),
    "participatory_mapping": _l("participatory mapping"),
    "participatory_forum": _l("participatory forum"),
    "other": _l("other"),
    # disaggregation
    "income": _l("income"),
    "sex": _l("sex"),
    "age": _l("age"),
    "disability": _l("disability"),
    "ethnicity_or_caste": _l("ethnicity or caste"),
    "migratory_status": _l("migratory status"),
    "location": _l("location"),
    # consent
    "verbal": _l("verbal"),
    "written": _l("written"),
    "digital": _l("digital"),
    "community": _l("community"),
    "not_applicable": _l("not applicable"),
    # sensitivity
    "public": _l("public"),
    "restricted": _l("restricted"),
    "confidential": _l("confidential"),
    # quality
    "high": _l("high"),
    "medium": _l("medium"),
    "low": _l("low"),
    # advocacy inputs
    "position_paper": _l("position paper"),
    "petition": _l("petition"),
    "submission": _l("submission"),
    "presentation": _l("presentation"),
    "report_launch": _l("report launch"),
    # levels of government
    "local": _l("local"),
    "subnational": _l("subnational"),
    "national": _l("national"),
    "regional": _l("regional"),
    "global": _l("global"),
    "unspecified": _l("unspecified"),  # commitments made outside a dialogue have no level
    # dialogue formats
    "meeting": _l("meeting"),
    "hearing": _l("hearing"),
    "forum": _l("forum"),
    "workshop": _l("workshop"),
    "roundtable": _l("roundtable"),
    "consultation": _l("consultation"),
    "field_visit": _l("field visit"),
    # commitment statuses
    "made": _l("made"),
    "in_progress": _l("in progress"),
    "stalled": _l("stalled"),
    "fulfilled": _l("fulfilled"),
    "partially_fulfilled": _l("partially fulfilled"),
    "not_fulfilled": _l("not fulfilled"),
    "withdrawn": _l("withdrawn"),
    # completion
    "not_started": _l("not started"),
    "limited": _l("limited"),
    "substantial": _l("substantial"),
    "complete": _l("complete"),
    # review verdicts
    "confirmed": _l("confirmed"),
    "disputed": _l("disputed"),
    "needs_evidence": _l("needs evidence"),
    # budget stages
    "proposed": _l("proposed"),
    "allocated": _l("allocated"),
    "released": _l("released"),
    "spent": _l("spent"),
    # change types
    "policy": _l("policy"),
    "budget": _l("budget"),
    "practice": _l("practice"),
    "behaviour": _l("behaviour"),
    "institutional": _l("institutional"),
    "relationship": _l("relationship"),
    # policy stages
    "agenda_setting": _l("agenda setting"),
    "formulation": _l("formulation"),
    "adoption": _l("adoption"),
    "budgeting": _l("budgeting"),
    "implementation": _l("implementation"),
    "monitoring": _l("monitoring"),
    "blocked": _l("blocked"),
    "reversed": _l("reversed"),
    # substantiation verdicts
    "agree": _l("agree"),
    "partially_agree": _l("partially agree"),
    "disagree": _l("disagree"),
    # how a record was closed
    "retracted": _l("retracted"),
    # participation levels' names (domain.vocabularies.PARTICIPATION_LEVELS)
    "information": _l("information"),
    "limited participation": _l("limited participation"),
    "collaboration": _l("collaboration"),
    "citizen-led": _l("citizen-led"),
}


# Kinds of record, as a sentence names one.
KINDS = {
    "coalition": _l("coalition"),
    "evidence": _l("evidence"),
    "advocacy_input": _l("advocacy input"),
    "dialogue": _l("dialogue"),
    "commitment": _l("commitment"),
    "budget_line": _l("budget line"),
    "outcome": _l("outcome"),
    "record": _l("record"),
}

# Fields of records and events (and of their nested parts), as labels.
FIELDS = {
    "advocacy_inputs": _l("Advocacy inputs"),
    "amount": _l("Amount"),
    "asks": _l("Asks"),
    "budget_lines": _l("Budget lines"),
    "by": _l("By"),
    "by_group": _l("By group"),
    "change_type": _l("Change type"),
    "closed_as": _l("Closed as"),
    "coalition": _l("Coalition"),
    "code": _l("Code"),
    "collected_from": _l("Collected from"),
    "collected_to": _l("Collected to"),
    "commitments": _l("Commitments"),
    "completion": _l("Completion"),
    "consent": _l("Consent"),
    "contribution": _l("Contribution"),
    "country": _l("Country"),
    "currency": _l("Currency"),
    "decision_makers": _l("Decision makers"),
    "description": _l("Description"),
    "dialogue": _l("Dialogue"),
    "dialogues": _l("Dialogues"),
    "disaggregation": _l("Disaggregation"),
    "due_on": _l("Due"),
    "evidence": _l("Evidence"),
    "evidence_id": _l("Evidence id"),
    "external_ref": _l("Known elsewhere as"),
    "fiscal_year": _l("Fiscal year"),
    "format": _l("Format"),
    "government": _l("Government"),
    "groups": _l("Groups"),
    "institution": _l("Institution"),
    "kind": _l("Kind"),
    "level": _l("Level"),
    "link": _l("Link"),
    "links": _l("Links"),
    "locations": _l("Locations"),
    "made_by": _l("Made by"),
    "method": _l("Method"),
    "name": _l("Name"),
    "note": _l("Note"),
    "obtained": _l("Obtained"),
    "occurred_on": _l("Date"),
    "participants": _l("Participants"),
    "participation_level": _l("Participation level"),
    "producers": _l("Producers"),
    "programme": _l("Programme"),
    "rating": _l("Rating"),
    "reason": _l("Reason"),
    "recorded_by": _l("Recorded by"),
    "role": _l("Role"),
    "sample_size": _l("Sample size"),
    "sampling": _l("Sampling"),
    "sdg_targets": _l("SDG targets"),
    "sensitivity": _l("Sensitivity"),
    "significance": _l("Significance"),
    "social_actor": _l("Social actor"),
    "source": _l("Also in the imported file"),
    "stage": _l("Stage"),
    "status": _l("Status"),
    "summary": _l("Summary"),
    "targets": _l("Targets"),
    "text": _l("Text"),
    "title": _l("Title"),
    "total": _l("Total"),
    "value_chain_stages": _l("Value chain stages"),
    "verdict": _l("Verdict"),
}

# What each event of a record's history says happened (the part of its topic after the
# kind: `commitment.progress_reported`).
EVENTS = {
    "amount_recorded": _l("Amount recorded"),
    "claimed": _l("Claimed"),
    "corrected": _l("Corrected"),
    "created": _l("Created"),
    "due_date_changed": _l("Due date changed"),
    "evidence_linked": _l("Evidence linked"),
    "evidence_unlinked": _l("Evidence unlinked"),
    "follow_up_recorded": _l("Follow up recorded"),
    "harvested": _l("Harvested"),
    "held": _l("Held"),
    "identified": _l("Identified"),
    "made": _l("Made"),
    "member_joined": _l("Member joined"),
    "member_left": _l("Member left"),
    "progress_reported": _l("Progress reported"),
    "quality_assessed": _l("Quality assessed"),
    "reassessed": _l("Reassessed"),
    "recorded": _l("Recorded"),
    "registered": _l("Registered"),
    "renamed": _l("Renamed"),
    "retracted": _l("Retracted"),
    "reviewed": _l("Reviewed"),
    "stage_changed": _l("Stage changed"),
    "submitted": _l("Submitted"),
    "substantiated": _l("Substantiated"),
    "withdrawn": _l("Withdrawn"),
}

# What names evidence a reader may not read, wherever its title would stand.
HIDDEN_EVIDENCE = {
    "public": _l("Public evidence (content hidden)"),
    "restricted": _l("Restricted evidence (content hidden)"),
    "confidential": _l("Confidential evidence (content hidden)"),
}

# The timeline sentence a reader without the right reads instead (tracker.sensitivity's
# HIDDEN_FACTS), by the evidence's sensitivity and the event.
HIDDEN_FACTS = {
    ("public", "evidence.recorded"): _l("Public evidence recorded (content hidden)"),
    ("public", "evidence.corrected"): _l("Public evidence corrected (content hidden)"),
    ("public", "evidence.retracted"): _l("Public evidence retracted (content hidden)"),
    ("public", "evidence.quality_assessed"): _l(
        "Public evidence assessed for quality (content hidden)"
    ),
    ("restricted", "evidence.recorded"): _l("Restricted evidence recorded (content hidden)"),
    ("restricted", "evidence.corrected"): _l("Restricted evidence corrected (content hidden)"),
    ("restricted", "evidence.retracted"): _l("Restricted evidence retracted (content hidden)"),
    ("restricted", "evidence.quality_assessed"): _l(
        "Restricted evidence assessed for quality (content hidden)"
    ),
    ("confidential", "evidence.recorded"): _l("Confidential evidence recorded (content hidden)"),
    ("confidential", "evidence.corrected"): _l("Confidential evidence corrected (content hidden)"),
    ("confidential", "evidence.retracted"): _l("Confidential evidence retracted (content hidden)"),
    ("confidential", "evidence.quality_assessed"): _l(
        "Confidential evidence assessed for quality (content hidden)"
    ),
}
CONTENT_HIDDEN = _l("Evidence changed (content hidden)")


def plain(value: Any) -> str:
    """A stored word as it reads untranslated: `partially_fulfilled` -> `partially fulfilled`."""
    return "" if value is None else str(value).replace("_", " ")


def word(value: Any) -> str:
    """A vocabulary word in the page's language (an unknown one as stored, without `_`)."""
    found = LABELS.get(str(value)) if value is not None else None
    return plain(value) if found is None else str(found)


def kind_name(kind: str) -> str:
    """A kind of record (`advocacy_input`) as a sentence names it: `advocacy input`."""
    found = KINDS.get(kind)
    return plain(kind) if found is None else str(found)


def field_label(name: str) -> str:
    """A field's label: `sample_size` -> `Sample size`."""
    found = FIELDS.get(name)
    return plain(name).capitalize() if found is None else str(found)


def event_name(topic: str) -> str:
    """What an event says happened, from its topic: `Progress reported`."""
    name = topic.partition(".")[2] or topic
    found = EVENTS.get(name)
    return plain(name).capitalize() if found is None else str(found)


def participation_level(level: int | None) -> str:
    """A participation level with its name: `4 – collaboration`."""
    if level is None:
        return ""
    return _("%(level)s – %(name)s", level=level, name=word(PARTICIPATION_LEVELS.get(level, "?")))


def hidden_evidence(sensitivity: str | None) -> str:
    """What stands for evidence whose content a reader may not read: `Confidential evidence
    (content hidden)` (tracker.sensitivity.hidden_label, in the page's language)."""
    return str(HIDDEN_EVIDENCE.get(sensitivity or "confidential", HIDDEN_EVIDENCE["confidential"]))


def hidden_fact(kind: str, sensitivity: str | None) -> str:
    """The timeline sentence of an evidence event whose content a reader may not read
    (tracker.sensitivity.hidden_sentence, in the page's language)."""
    found = HIDDEN_FACTS.get((sensitivity or "confidential", kind))
    return str(CONTENT_HIDDEN if found is None else found)
