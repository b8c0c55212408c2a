"""The query string of the CSV exports."""

from __future__ import annotations

from web.schemas.queries import CoalitionFilter, Query


class ExportQuery(Query):
    """One coalition's records, or everyone's."""

    coalition = CoalitionFilter()
