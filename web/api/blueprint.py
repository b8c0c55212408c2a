"""The Blueprint every resource uses: flask-smorest's, reading bodies strictly as JSON.

webargs would treat a body sent as text/plain as no body at all (so 422 "missing"), and
Python's json module accepts NaN and Infinity: web.bodies refuses both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import flask
import flask_smorest
from marshmallow import RAISE, Schema
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import CombinedMultiDict

from web.access import documents_query
from web.bodies import json_body
from web.schemas.queries import Query


class StrictJsonParser(FlaskParser):
    """webargs' Flask parser, with JSON bodies read by web.bodies, and a `multipart`
    location: a multipart/form-data body's fields and files read by one schema (and so
    documented as one request body, which `form` and `files` apart cannot be)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.__location_map__ = {**self.__location_map__, "multipart": "load_multipart"}

    def _raw_load_json(self, req: flask.Request) -> Any:
        return json_body()

    def load_multipart(self, req: flask.Request, schema: Schema) -> Any:
        """The form's fields and files together."""
        return self._makeproxy(CombinedMultiDict([req.form, req.files]), schema)


class Blueprint(flask_smorest.Blueprint):
    """A resource's blueprint. An endpoint that reads no query string refuses one (422
    naming each parameter) instead of ignoring it, as those that read one refuse unknown
    parameters: a caller who asks for something the endpoint does not do must hear so."""

    ARGUMENTS_PARSER = StrictJsonParser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING: ClassVar[dict[str, str]] = dict(
        flask_smorest.Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        multipart="multipart/form-data",
    )

    def route(self, rule: str, *, parameters: Any = None, **options: Any) -> Any:
        register = super().route(rule, parameters=parameters, **options)

        def decorator(view: Any) -> Any:
            declared = getattr(view, "_apidoc", {}).get("arguments", {}).get("parameters", [])
            if not any(argument.get("in") == "query" for argument in declared):
                view = self.arguments(Query, location="query", unknown=RAISE, as_kwargs=True)(view)
            return register(view)

        return decorator

    def read_query(
        self, rule: str, query: type[Schema], answer: type[Schema], *errors: int
    ) -> Callable[[Any], Any]:
        """A GET any role may call, whose query string `query` reads strictly (unknown
        parameters are a 422) and whose 200 answer is `answer`; `errors`: the answers
        besides 401 and 422 it may give (redaction is the view's business)."""

        def decorator(view: Any) -> Any:
            view = self.response(200, answer)(view)
            view = self.arguments(query, location="query", unknown=RAISE)(view)
            return self.route(rule, methods=["GET"])(documents_query(*errors, 422)(view))

        return decorator
