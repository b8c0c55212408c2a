"""The WSGI entry of the Procfile: `gunicorn -c python:web.gunicorn_config web.wsgi:app`."""

from web import create_app

app = create_app()
