"""The JSON API under /api/v1: one blueprint per resource."""

from __future__ import annotations

from flask_smorest import Api

from web.api import (
    advocacy_inputs,
    audit,
    budget_lines,
    coalitions,
    comments,
    commitments,
    dialogues,
    events,
    evidence,
    exports,
    fulfilment,
    impact_chains,
    imports,
    ledger,
    outcomes,
    substantiation_requests,
    timeline,
)
from web.auth import API_PREFIX

RESOURCES = (
    coalitions,
    evidence,
    advocacy_inputs,
    dialogues,
    commitments,
    budget_lines,
    outcomes,
    substantiation_requests,
    comments,
    timeline,
    fulfilment,
    impact_chains,
    audit,
    events,
    ledger,
    exports,
    imports,
)


def register_resources(api: Api) -> None:
    """Register each resource's blueprint under /api/v1."""
    for resource in RESOURCES:
        api.register_blueprint(resource.bp, url_prefix=API_PREFIX + resource.bp.url_prefix)
