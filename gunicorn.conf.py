"""gunicorn's settings for the web process (Procfile): read by gunicorn at start-up.

gunicorn writes "Server: gunicorn" on every response and has no setting to stop it; the
name tells a scanner which server and which of its known flaws to try. The master drops
the line here, before it forks its workers (docs/deploy.md, "Response headers").
"""

from gunicorn.http import wsgi


def _default_headers_without_server(response):
    return [line for line in _default_headers(response) if not line.startswith("Server:")]


_default_headers = wsgi.Response.default_headers
wsgi.Response.default_headers = _default_headers_without_server
