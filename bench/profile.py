"""`python -m bench.profile`: one page, in-process, timed and profiled (for finding costs).

    BENCH_DATABASE_URL=postgres://hub:hub@127.0.0.1:5432/hub_bench \
        python -m bench.profile [--as EMAIL] [--n 30] [--profile] [--queries] PATH [PATH ...]

Each path is requested through Django's test client on bench.settings (caches kept, as under
gunicorn), once to warm, then N times: prints the median and best milliseconds and the
queries of one request; --queries lists them, --profile prints cProfile's top functions by
cumulative time (or --sort tottime). The database is the one a `python -m bench` run left behind (never dropped
here). Figures are for finding where time goes; bench.load's are the ones that count.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--as", dest="user", default=None, help="sign in as this email")
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--queries", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument(
        "--sort", default="cumulative", help="cProfile's order: cumulative, tottime, ..."
    )
    args = parser.parse_args(argv)

    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from network.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    if args.user:
        client.force_login(User.objects.get(email__iexact=args.user))
    for path in args.paths:
        response = client.get(path)
        print(
            f"\n{path} as {args.user or 'visitor'}: HTTP {response.status_code}, "
            f"{len(response.content) / 1024:.1f} KB"
        )
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        # Read now: every request starts by clearing the connection's query log.
        queries = list(captured.captured_queries)
        times = []
        for _ in range(args.n):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        print(
            f"  median {statistics.median(times):.1f} ms, best {min(times):.1f} ms, "
            f"{len(queries)} queries"
        )
        if args.queries:
            for query in queries:
                print(f"    {query['time']}s {query['sql'][:300]}")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(max(args.n // 3, 5)):
                client.get(path)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
            print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
