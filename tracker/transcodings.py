"""How values the default transcoder does not know are stored. Part of the stored format."""

from __future__ import annotations

from datetime import date

from eventsourcing.persistence import Transcoding


class DateAsISO(Transcoding):
    """A calendar date as `YYYY-MM-DD`, under the stored name `date_iso`."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        """`2025-04-01`."""
        return obj.isoformat()

    def decode(self, data: str) -> date:
        """Back from `2025-04-01`."""
        return date.fromisoformat(data)
