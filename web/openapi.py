"""The OpenAPI document and its docs page, both served by the app itself.

Errors are documented as `application/problem+json` (web.problems), every operation needs
a bearer token unless it says otherwise, and the docs page is Swagger UI from the
`swagger-ui-bundle` package, served from this app with no online validator: the page
loads nothing from the internet. Without that package, a small page of our own lists the
operations from the same document.
"""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

from flask import Blueprint, Flask, Response, send_from_directory
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from web.problems import PROBLEM_JSON
from web.schemas.common import ProblemOut

SECURITY = {
    "components": {
        "securitySchemes": {
            "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "an API token from `tracker users add` or `tracker users token`",
            }
        }
    },
    "security": [{"bearer": []}],
}


class TrackerApi(Api):
    """flask-smorest's Api, with errors documented as problem+json."""

    ERROR_SCHEMA = ProblemOut

    def _register_responses(self) -> None:
        for status in HTTPStatus:
            if status < 400:
                continue
            response = {"description": status.phrase, "schema": self.ERROR_SCHEMA}
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Any other error", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


def swagger_ui_directory() -> Path | None:
    """Where the installed Swagger UI files are, if the package is installed."""
    try:
        import swagger_ui_bundle  # type: ignore[import-untyped]
    except ImportError:
        return None
    return Path(swagger_ui_bundle.swagger_ui_path)


def create_api(app: Flask) -> TrackerApi:
    """The API extension with its document at /api/openapi.json and the docs at /api/docs."""
    assets = swagger_ui_directory()
    if assets is None:
        app.config["OPENAPI_SWAGGER_UI_PATH"] = None
    api = TrackerApi(app, spec_kwargs=SECURITY)
    docs = Blueprint("api_docs_assets", __name__)
    if assets is not None:

        @docs.get("/api/docs/assets/<path:filename>")
        def swagger_ui_asset(filename: str) -> Response:
            """Swagger UI's own files, so the docs page needs nothing from elsewhere."""
            return send_from_directory(assets, filename, max_age=86400)

    else:

        @docs.get("/api/docs")
        def plain_docs() -> Response:
            """A list of operations read from the document, when Swagger UI is missing."""
            return Response(PLAIN_DOCS, mimetype="text/html")

    app.register_blueprint(docs)
    return api


PLAIN_DOCS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Advocacy tracker API</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>Advocacy tracker API</h1>
<p>The whole document: <a href="/api/openapi.json">/api/openapi.json</a>.</p>
<ul id="operations"><li>Loading the operations…</li></ul>
<script>
fetch("/api/openapi.json").then(r => r.json()).then(doc => {
  const list = document.getElementById("operations");
  list.textContent = "";
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (method === "parameters") continue;
      const item = document.createElement("li");
      item.textContent = method.toUpperCase() + " " + path + " — " + (op.summary || "");
      list.appendChild(item);
    }
  }
});
</script></body></html>
"""
