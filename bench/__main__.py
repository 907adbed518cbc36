"""`python -m bench`: the benchmark suite, from an empty database to bench/results.json.

    python -m bench [--volume small|full|both] [--no-load] [--no-race]

0. A shared cache as production has: REDIS_URL if set, else a private Debian redis-server on
   a free port for the run (sessions are then read from the cache, as in production), else
   each process's memory (said in the results).
1. A database of its own: var/bench.sqlite3 (deleted and made again), or, when DATABASE_URL
   names a PostgreSQL server, a database `<name>_bench` on that server (dropped and created
   again). The database DATABASE_URL names is never written to.
2. Migrations, the demo content ("small"), query budgets; the issue's volume on top ("full", with
   each feature's own in FEATURES: grants' applications, reviews and roll-up),
   query budgets again; the two side by side.
3. Throughput (bench.load: every key page but the CSV downloads, with the two ceilings the
   signed-in targets are measured against) and booking races (bench.race).
4. Everything to bench/results.json.

Exits 1 if any key page costs more queries at full volume than at small volume, or answers
with an error.
"""

import argparse
import contextlib
import datetime
import importlib
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
SQLITE_FILE = ROOT / "var" / "bench.sqlite3"


# Features that bring their own volume on top of bench.data's: each has VOLUME,
# generate(volume=...), key_pages() and, optionally, counts().
FEATURES = ("bench.grants", "bench.grants_rollup")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--volume", choices=["small", "full", "both"], default="both")
    parser.add_argument("--no-load", action="store_true", help="skip the throughput runs")
    parser.add_argument("--no-race", action="store_true", help="skip the booking races")
    args = parser.parse_args(argv)

    phases: dict[str, float] = {}
    started_all = time.perf_counter()
    with shared_cache() as cache:
        database = prepare_database()
        setup_django()
        return run(args, phases, started_all, database, cache)


def run(args, phases, started_all, database, cache) -> int:
    from django.core.management import call_command
    from django.db import connection

    from bench import data, queries

    features = [importlib.import_module(name) for name in FEATURES]

    def generate(volume: str) -> dict[str, float]:
        seconds = data.generate(volume)
        for feature in features:
            seconds.update(feature.generate(volume=volume))
        return seconds

    def key_pages():
        return data.key_pages() + [page for f in features for page in f.key_pages()]

    def counts() -> dict[str, int]:
        found = data.counts()
        for feature in features:
            found.update(feature.counts() if hasattr(feature, "counts") else {})
        return found

    results = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "database": {**database, "vendor": connection.vendor, "version": db_version()},
        "cache": cache,
        "targets": {**data.VOLUME, **{k: v for f in features for k, v in f.VOLUME.items()}},
        "volumes": {},
        "generation": {},
        "phases": phases,
    }
    print(
        f"Benchmarks on {describe(database)} ({connection.vendor} {db_version()}), cache: {cache}"
    )

    with phase(phases, "migrate"):
        call_command("migrate", verbosity=0, interactive=False)
    with phase(phases, "generate small"):
        results["generation"]["small"] = generate("small")
    results["volumes"]["small"] = counts()
    measured = {}
    if args.volume in ("small", "both"):
        with phase(phases, "queries small"):
            measured["small"] = queries.measure(key_pages())
    if args.volume in ("full", "both"):
        with phase(phases, "generate full"):
            results["generation"]["full"] = generate("full")
        results["volumes"]["full"] = counts()
        with phase(phases, "queries full"):
            measured["full"] = queries.measure(key_pages())
    print_volumes(results["volumes"])

    results["queries"] = {volume: [m.row() for m in rows] for volume, rows in measured.items()}
    failures = report_queries(measured)
    results["query_failures"] = failures

    if not args.no_load:
        load = optional("bench.load")
        if load is not None:
            with phase(phases, "throughput"):
                # Every key page a person looks at (not the CSV downloads).
                pages = [page for page in key_pages() if "/csv/" not in page.path]
                results["throughput"] = load.run(pages)
            print_rows("Throughput", results["throughput"])
    if not args.no_race:
        race = optional("bench.race")
        if race is not None:
            with phase(phases, "races"):
                results["races"] = race.run()
            print_rows("Booking and registration races", results["races"])

    phases["total"] = round(time.perf_counter() - started_all, 1)
    print("\nPhases (s): " + ", ".join(f"{name} {secs}" for name, secs in phases.items()))
    RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(f"Results written to {RESULTS.relative_to(ROOT)}")
    if failures:
        print(f"\nFAILED: {len(failures)} page(s) grow with volume or answer with an error.")
        return 1
    return 0


# --- The shared cache ---


@contextlib.contextmanager
def shared_cache():
    """REDIS_URL as given; else a private redis-server for the run (stopped after it), so
    the servers measure production's configuration (sessions and fragments in Redis, one
    cache for both gunicorn workers); else none. Yields a description for the results."""
    if os.environ.get("REDIS_URL"):
        yield "redis (REDIS_URL)"
        return
    server = shutil.which("redis-server")
    if not server:
        yield "each process's memory (no redis-server: apt-get install redis-server)"
        return
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory(prefix="bench-redis-") as folder:
        process = subprocess.Popen(
            [
                server,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                folder,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or process.poll() is not None:
                        raise SystemExit("python -m bench: redis-server did not start") from None
                    time.sleep(0.05)
            os.environ["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
            yield "redis (a private redis-server for the run)"
        finally:
            os.environ.pop("REDIS_URL", None)
            process.terminate()
            process.wait(timeout=10)


# --- The database ---


def prepare_database() -> dict:
    """Make the benchmark database empty, and point bench.settings at it."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return prepare_postgres(url)
    os.environ.pop("BENCH_DATABASE_URL", None)
    if url:
        raise SystemExit(f"python -m bench: unsupported DATABASE_URL scheme {url.split(':')[0]}")
    SQLITE_FILE.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
    return {"engine": "sqlite", "name": str(SQLITE_FILE.relative_to(ROOT))}


def prepare_postgres(url: str) -> dict:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "postgres"
    bench_name = f"{name}_bench"
    # Connect to the server's maintenance database: dropping needs us off bench_name, and
    # the user's own database may not exist yet.
    for maintenance in ("postgres", "template1", name):
        try:
            conn = psycopg.connect(
                urlunsplit(parts._replace(path=f"/{maintenance}")), autocommit=True
            )
            break
        except psycopg.OperationalError:
            continue
    else:
        raise SystemExit(
            f"python -m bench: cannot reach the PostgreSQL server of {describe_url(url)}"
        )
    with conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [bench_name],
        )
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(bench_name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(bench_name)))
    os.environ["BENCH_DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{bench_name}"))
    return {"engine": "postgresql", "name": bench_name, "host": parts.hostname}


def describe_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}:{parts.port or ''}{parts.path}"


def describe(database: dict) -> str:
    if database["engine"] == "sqlite":
        return database["name"]
    return f"PostgreSQL database {database['name']} on {database['host']}"


def setup_django() -> None:
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # whitenoise warns otherwise


def db_version() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def machine() -> dict:
    import django
    import wagtail

    return {
        "cores": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
    }


# --- Reporting ---


class phase:
    """Times a phase into `phases` and prints it."""

    def __init__(self, phases: dict, name: str):
        self.phases, self.name = phases, name

    def __enter__(self):
        print(f"\n== {self.name}", flush=True)
        self.started = time.perf_counter()

    def __exit__(self, *exc):
        self.phases[self.name] = round(time.perf_counter() - self.started, 1)
        print(f"   {self.name}: {self.phases[self.name]} s", flush=True)


def print_volumes(volumes: dict) -> None:
    names = list(next(iter(volumes.values())))
    print("\nVolume")
    print(f"  {'rows':<28}" + "".join(f"{v:>12}" for v in volumes))
    for name in names:
        print(f"  {name:<28}" + "".join(f"{volumes[v].get(name, ''):>12}" for v in volumes))


def report_queries(measured: dict) -> list[dict]:
    """Prints the side-by-side table; returns the pages that grew or failed."""
    from bench.queries import growth

    small = {m.name: m for m in measured.get("small", [])}
    full = {m.name: m for m in measured.get("full", [])}
    names = [m.name for m in (measured.get("small") or measured.get("full") or [])]
    width = max(len(n) for n in names) + 2
    print("\nQuery budgets (queries per request, cache cleared; HTML in KB)")
    print(f"  {'page':<{width}}{'q small':>8}{'q full':>8}{'KB small':>10}{'KB full':>10}  flag")
    failures = []
    for name in names:
        s, f = small.get(name), full.get(name)
        flag = ""
        for m in (s, f):
            if m is not None and m.status != 200:
                flag = f"HTTP {m.status}"
                failures.append({"page": name, "path": m.path, "status": m.status})
        if s and f and f.queries > s.queries:
            flag = (flag + " GROWS").strip()
            failures.append(
                {
                    "page": name,
                    "path": f.path,
                    "small": s.queries,
                    "full": f.queries,
                    "repeats": growth(s, f),
                }
            )

        def count(m):
            return str(m.queries) if m else "-"

        def kb(m):
            return f"{m.html_bytes / 1024:.1f}" if m else "-"

        print(f"  {name:<{width}}{count(s):>8}{count(f):>8}{kb(s):>10}{kb(f):>10}  {flag}")
    for failure in failures:
        for extra, statement in failure.get("repeats", []):
            print(f"    {failure['page']}: +{extra} × {statement[:200]}")
    return failures


def print_rows(title: str, rows) -> None:
    """A list of rows as a table; a dict is a helper's whole result, which it printed."""
    if isinstance(rows, dict):
        return
    print(f"\n{title}")
    if not rows:
        print("  (nothing)")
        return
    keys = list(dict.fromkeys(k for row in rows for k in row))
    widths = {k: max(len(str(k)), *(len(str(row.get(k, ""))) for row in rows)) for k in keys}
    print("  " + "  ".join(f"{k:<{widths[k]}}" for k in keys))
    for row in rows:
        print("  " + "  ".join(f"{str(row.get(k, '')):<{widths[k]}}" for k in keys))


def optional(module: str):
    """bench.load and bench.race are written separately: run them when they are there."""
    import importlib

    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name != module:
            raise
        print(f"\n({module} is not there yet: skipped)")
        return None


if __name__ == "__main__":
    sys.exit(main())
