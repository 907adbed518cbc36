"""gunicorn's settings for the web process (Procfile): read by gunicorn at start-up.

gunicorn writes "Server: gunicorn" on every response and has no setting to stop it; the
name tells a scanner which server and which of its known flaws to try. The master drops
the line here, before it forks its workers (docs/deploy.md, "Response headers"). Each
worker freezes what it loaded before serving (post_worker_init).
"""

import gc

from gunicorn.http import wsgi


def _default_headers_without_server(response):
    return [line for line in _default_headers(response) if not line.startswith("Server:")]


_default_headers = wsgi.Response.default_headers
wsgi.Response.default_headers = _default_headers_without_server


def post_worker_init(worker):
    """Once a worker has loaded the site (Django, Wagtail, every module: about 230,000
    objects, with the URLs and views), move what it holds for good out of the garbage collector's sight. A full
    collection otherwise walks all of them: about 130 ms on the benchmark machine, which
    the request that triggers it (and those queued behind it) waits for; with them frozen
    it walks only what requests added since (issue 25, docs/performance.md)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports the URLs and views now, not on a request)
    gc.collect()
    gc.freeze()
