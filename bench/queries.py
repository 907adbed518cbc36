"""Query budgets: each key page requested in-process, its queries counted and its HTML weighed.

Time is printed for information only: it is never a pass or a fail here (the throughput
figures come from bench.load, under a real server). What must hold is that no page costs
more queries at full volume than on the demo content.
"""

import time
from collections import Counter
from dataclasses import asdict, dataclass, field

from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .data import KeyPage


@dataclass
class Measure:
    name: str
    path: str
    user: str | None
    status: int
    queries: int
    html_bytes: int
    ms: float
    cache: str = ""  # the X-Hub-Cache header of the measured response, if any
    cached_queries: int | None = None  # the same request again, caches warm
    statements: list[str] = field(default_factory=list, repr=False)

    def row(self) -> dict:
        row = asdict(self)
        row.pop("statements")
        return row


def clear_caches() -> None:
    """Every configured cache: the default one and the anonymous page cache."""
    from django.conf import settings

    for alias in settings.CACHES:
        caches[alias].clear()


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def measure(pages: list[KeyPage]) -> list[Measure]:
    """Each page once to warm per-process state, then the cache cleared and measured."""
    from network.models import User

    clients: dict[str | None, Client] = {}
    results = []
    for page in pages:
        client = clients.get(page.user)
        if client is None:
            client = clients[page.user] = Client()
            if page.user:
                client.force_login(User.objects.get(email=page.user))
        client.get(page.path)  # warm-up: translations, templates, per-process caches
        clear_caches()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.path)
            body = _body(response)
        elapsed = (time.perf_counter() - started) * 1000
        with CaptureQueriesContext(connection) as again:
            client.get(page.path)
        results.append(
            Measure(
                name=page.name,
                path=page.path,
                user=page.user,
                status=response.status_code,
                queries=len(captured),
                html_bytes=len(body),
                ms=round(elapsed, 1),
                cache=response.get("X-Hub-Cache", ""),
                cached_queries=len(again),
                statements=[query["sql"] for query in captured.captured_queries],
            )
        )
    return results


def growth(small: Measure, full: Measure, limit: int = 5) -> list[tuple[int, str]]:
    """The statements a page repeats more often at full volume: (extra times, SQL)."""
    before, after = Counter(small.statements), Counter(full.statements)
    # The same statement with other ids is "the same query": compare shapes, not values.
    before, after = Counter(map(_shape, small.statements)), Counter(map(_shape, full.statements))
    extra = [(after[s] - before.get(s, 0), s) for s in after if after[s] > before.get(s, 0)]
    return sorted(extra, reverse=True)[:limit]


def _shape(sql: str) -> str:
    import re

    sql = re.sub(r"'[^']*'", "?", sql)
    sql = re.sub(r"\b\d+\b", "?", sql)
    sql = re.sub(r"\(\?(, \?)*\)", "(…)", sql)
    return sql[:400]
