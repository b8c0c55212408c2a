"""The OpenAPI document and its docs page, both served by the app itself.

Errors are documented as `application/problem+json` (web.problems), every operation needs
a bearer token unless it says otherwise, and the docs page is Swagger UI from the
`swagger-ui-bundle` package, served from this app with no online validator: the page
loads nothing from the internet. Without that package, a small page of our own lists the
operations from the same document.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from pathlib import Path

from flask import Blueprint, Flask, Response, send_from_directory
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from markupsafe import escape

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
    """The API extension with its document at /api/openapi.json and the docs at /api/docs.

    The docs page is ours, not flask-smorest's, whose page starts Swagger UI with an inline
    script that the Content-Security-Policy (web.security) refuses: ours loads a file.
    """
    assets = swagger_ui_directory()
    app.config["OPENAPI_SWAGGER_UI_PATH"] = None
    api = TrackerApi(app, spec_kwargs=SECURITY)
    docs = Blueprint("api_docs_assets", __name__)
    config = json.dumps(app.config.get("OPENAPI_SWAGGER_UI_CONFIG") or {})

    @docs.get("/api/docs")
    def swagger_ui() -> Response:
        """Swagger UI over the document, or a plain list of operations without the package."""
        page = SWAGGER_UI if assets is not None else PLAIN_DOCS
        return Response(page.replace("{config}", escape(config)), mimetype="text/html")

    @docs.get("/api/docs/start.js")
    def swagger_ui_start() -> Response:
        """The script that starts the docs page, a file so that no inline script is needed."""
        return Response(START_DOCS, mimetype="text/javascript")

    if assets is not None:

        @docs.get("/api/docs/assets/<path:filename>")
        def swagger_ui_asset(filename: str) -> Response:
            """Swagger UI's own files, so the docs page needs nothing from elsewhere."""
            return send_from_directory(assets, filename, max_age=86400)

    app.register_blueprint(docs)
    return api


SWAGGER_UI = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Advocacy tracker API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link href="/api/docs/assets/swagger-ui.css" rel="stylesheet"></head>
<body><div id="swagger-ui-container" data-config="{config}"></div>
<script src="/api/docs/assets/swagger-ui-standalone-preset.js"></script>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/start.js"></script></body></html>
"""

PLAIN_DOCS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Advocacy tracker API</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>Advocacy tracker API</h1>
<p>The whole document: <a href="/api/openapi.json">/api/openapi.json</a>.</p>
<ul id="operations" data-config="{config}"><li>Loading the operations…</li></ul>
<script src="/api/docs/start.js"></script></body></html>
"""

START_DOCS = """"use strict";
(function () {
  var container = document.getElementById("swagger-ui-container");
  if (container && window.SwaggerUIBundle) {
    var config = JSON.parse(container.getAttribute("data-config") || "{}");
    config.url = "/api/openapi.json";
    config.dom_id = "#swagger-ui-container";
    window.ui = window.SwaggerUIBundle(config);
    return;
  }
  var list = document.getElementById("operations");
  if (!list) return;
  fetch("/api/openapi.json").then(function (r) { return r.json(); }).then(function (doc) {
    list.textContent = "";
    Object.keys(doc.paths).forEach(function (path) {
      var ops = doc.paths[path];
      Object.keys(ops).forEach(function (method) {
        if (method === "parameters") return;
        var item = document.createElement("li");
        item.textContent = method.toUpperCase() + " " + path + " — " + (ops[method].summary || "");
        list.appendChild(item);
      });
    });
  });
})();
"""
