"""The HTTP edge: the JSON API under /api/v1 and its documents, thin over the application.

`create_app` reads as the table of contents of the web process.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from web.api import register_resources
from web.auth import register_authentication
from web.availability import register_availability
from web.bodies import register_body_limit
from web.config import load_config
from web.health import bp as health
from web.languages import register_languages
from web.openapi import create_api
from web.pages import register_pages
from web.problems import register_error_handlers
from web.security import register_security_headers
from web.services import attach_services


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The web application: settings, services (opened once per process), API, errors.

    `config` overrides the environment (DATABASE_URL, REDIS_URL, SECRET_KEY, TRACKER_ENV)
    and Flask's own settings; in production a SECRET_KEY is required.
    """
    settings, flask_config = load_config(config)
    app = Flask(__name__)
    app.config.update(flask_config)
    if settings.trusted_proxies:  # behind a proxy: the client is who the proxy says it is
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]
    attach_services(app, settings)
    register_body_limit(app)
    register_authentication(app)
    register_availability(app)
    api = create_api(app)
    register_resources(api)
    api.register_blueprint(health)
    register_error_handlers(app)
    register_languages(app)
    register_pages(app)
    register_security_headers(app)
    return app
