"""The HTTP edge: the JSON API and the web pages, thin over the application."""
