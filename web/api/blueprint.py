"""The Blueprint every resource uses: flask-smorest's, reading bodies strictly as JSON.

webargs would treat a body sent as text/plain as no body at all (so 422 "missing"), and
Python's json module accepts NaN and Infinity: web.bodies refuses both.
"""

from __future__ import annotations

from typing import Any

import flask
import flask_smorest
from webargs.flaskparser import FlaskParser

from web.bodies import json_body


class StrictJsonParser(FlaskParser):
    """webargs' Flask parser, with JSON bodies read by web.bodies."""

    def _raw_load_json(self, req: flask.Request) -> Any:
        return json_body()


class Blueprint(flask_smorest.Blueprint):
    """A resource's blueprint."""

    ARGUMENTS_PARSER = StrictJsonParser()
