"""Throughput: the site under gunicorn, loaded over loopback by wrk, next to the "ok" view.

Every figure is paired with the trivial view (`/bench/ok`, the whole middleware stack and
nothing else) measured by the same gunicorn in the same run, as a ratio: the machine may be
noisy, the ratio holds better. The "ok" view is measured before and after the pages of each
server and the ratio uses the mean of the two.

The anonymous pages are measured three times, each by a gunicorn of its own:
- "on": the anonymous page cache (the default);
- "off": no whole-page cache (HUB_PAGE_CACHE_SECONDS=0), what a signed-in person or a first
  visitor after a publish gets: the fragments every request shares (routing, the site
  chrome, page meta, opted-in page content) are still kept, as in production. The uncached
  target applies here;
- "cold": nothing kept at all (HUB_FRAGMENT_CACHE_SECONDS=0 too), for reference: what
  every page costs to build from the database.
Signed-in pages are never page-cached, so they are measured once, by the "on" server, with
two ceilings of their own (SIGNED_IN_TARGETS): a trivial signed-in page (bench.urls) and
Wagtail's own users listing for an administrator. A page that answers anything but 2xx is an
error in the results, not a figure.

Standalone: `python -m bench.load [seconds]` measures the demo pages listed below.
"""

import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import namedtuple
from pathlib import Path

import requests

from .server import Server, cookie_header, gunicorn, sign_in

OK_PATH = "/bench/ok"
TARGETS = {"cached": 0.60, "uncached": 0.10}  # share of the "ok" view's requests/second
# Signed-in pages (issue 25), each against its ceiling measured by the same gunicorn:
# the trivial signed-in page against "ok"; every signed-in site page against that page;
# every admin screen of ours against Wagtail's own users listing. And a p99 for every page
# measured with the page cache on or off (not "cold", which is for reference).
SIGNED_IN_CEILING = "ceiling: signed-in base page"
ADMIN_CEILING = "ceiling: Wagtail users listing (admin)"
SIGNED_IN_TARGETS = {"signed_in_ceiling": 0.10, "site": 0.50, "admin": 1.0}
P99_MS = 300.0
DRAIN_LIMIT_S = 15.0  # _drain never waits longer (wrk's own timeout is 10 s)
DRAIN_MARGIN = 1.5  # _drain waits this many times the slowest request of the warm-up
MODES = {  # the server's environment for each way of measuring (module docstring)
    "on": {},
    "off": {"HUB_PAGE_CACHE_SECONDS": "0"},
    "cold": {"HUB_PAGE_CACHE_SECONDS": "0", "HUB_FRAGMENT_CACHE_SECONDS": "0"},
}

# wrk counts only non-2xx-or-3xx responses; this script counts every non-2xx one (a
# signed-in page that redirects to the login form is an error, not a fast page), notes the
# first bad status, counts page-cache hits, and prints the exact percentiles as JSON.
WRK_SCRIPT = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0; first_bad = 0; hits = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
    if first_bad == 0 then first_bad = status end
  end
  local cache = headers["X-Hub-Cache"] or headers["x-hub-cache"]
  if cache == "hit" then hits = hits + 1 end
end
function done(summary, latency, requests)
  local bad, first_bad, hits = 0, 0, 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("bad")
    hits = hits + t:get("hits")
    if first_bad == 0 then first_bad = t:get("first_bad") end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"non2xx": %d, "first_bad_status": %d, "cache_hits": %d, "socket_errors": %d, ' ..
    '"timeouts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, bad, first_bad, hits, e.connect + e.read + e.write, e.timeout))
end
"""

# For `python -m bench.load` before bench.data lands: real demo paths (tests/e2e).
DemoPage = namedtuple("DemoPage", "name path user")
DEMO_PAGES = [
    DemoPage("home", "/en/", None),
    DemoPage("resource hub, filtered", "/en/resources/?theme=mapping&language=fr", None),
    DemoPage("resource", "/en/resources/ten-step-roadmap/", None),
    DemoPage("course", "/en/prevention-academy-us/city-led-prevention/", None),
    DemoPage(
        "lesson",
        "/en/prevention-academy-us/city-led-prevention/public-health-approach/"
        "levels-of-prevention/",
        "official.boise@hub.example",
    ),
    DemoPage("my learning", "/en/academy/my-learning/", "official.boise@hub.example"),
    DemoPage("webinar index", "/en/webinars/", None),
    DemoPage(
        "recording",
        "/en/webinars/global-crises-local-impacts/urban-design-for-violence-prevention/",
        None,
    ),
    DemoPage("slot picker", "/en/webinars/office-hours/", None),
    DemoPage("help desk, city", "/en/help-desk/", "official.edmonton@hub.example"),
    DemoPage("help-desk queue", "/admin/help-desk/", "expert.amara@hub.example"),
    DemoPage("help-desk metrics", "/admin/help-desk/metrics/", "coordinator@hub.example"),
    DemoPage("academy report", "/admin/reports/academy/cities/", "coordinator@hub.example"),
]


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def wrk(url: str, *, duration: float, connections: int, threads: int, cookie: str = "") -> dict:
    """One wrk run; the figures its script prints, plus requests per second."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    command = [
        "wrk",
        "--latency",
        f"-d{duration:g}s",
        f"-c{connections}",
        f"-t{threads}",
        "--timeout",
        "10s",
        "-s",
        script.name,
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    try:
        done = subprocess.run(
            [*command, url], capture_output=True, text=True, timeout=duration + 60, check=False
        )
    finally:
        Path(script.name).unlink(missing_ok=True)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("BENCH ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip()[:300]}")
    figures = json.loads(line[len("BENCH ") :])
    seconds = figures["duration_us"] / 1e6
    figures["rps"] = figures["requests"] / seconds if seconds else 0.0
    return figures


def _probe(server: Server, path: str, cookie: str) -> str | None:
    """One request before the load: the reason the page cannot be measured, or None."""
    headers = {"Cookie": cookie} if cookie else {}
    try:
        answer = requests.get(server.url(path), headers=headers, allow_redirects=False, timeout=60)
    except requests.RequestException as error:
        return f"no answer: {error.__class__.__name__}"
    if not 200 <= answer.status_code < 300:
        where = answer.headers.get("Location", "")
        return f"HTTP {answer.status_code}" + (f" -> {where}" if where else "")
    return None


def _measure(server, path, cookie, *, duration, connections, threads, warmup) -> dict:
    url = server.url(path)
    if warmup:
        warm = wrk(url, duration=warmup, connections=connections, threads=threads, cookie=cookie)
        _drain(warm)
    return wrk(url, duration=duration, connections=connections, threads=threads, cookie=cookie)


def _drain(previous: dict) -> None:
    """Wait until the server has served what the previous wrk run left behind.

    When wrk stops it closes its connections, but the requests already sent are still in
    gunicorn's queue (up to one per connection) and each worker serves them to nobody. The
    next run's first requests would wait behind them: at 8 connections on 2 workers, about
    three more services than any request of the run pays, which became the run's p99 (the
    users listing: p95 263 ms, p99 440-510 ms; docs/performance.md, "The p99 tail"). Those
    requests are served within about as long as the previous run's slowest request took;
    half as long again is the margin."""
    time.sleep(min(previous.get("max_us", 0) / 1e6 * DRAIN_MARGIN, DRAIN_LIMIT_S))


def _row(page, *, cache, figures, ok_rps, error=None) -> dict:
    signed_in = bool(page.user)
    row = {
        "name": page.name,
        "path": page.path,
        "user": page.user,
        "signed_in": signed_in,
        "cache": None if signed_in else cache,
        "rps": None,
        "p50_ms": None,
        "p99_ms": None,
        "ratio_to_ok": None,
        "errors": 0,
        "error": error,
        "cache_hits": None,
        "cached": cache == "on" and not signed_in,
        "server_errors": [],
        "target": None,
        "meets_target": None,
    }
    if not signed_in and cache != "cold":
        row["target"] = TARGETS["cached" if cache == "on" else "uncached"]
        if cache == "on" and figures is not None and not figures["cache_hits"]:
            # The page opts out of the cache (live data): it is held to the uncached target.
            row["cached"] = False
            row["target"] = TARGETS["uncached"]
    if figures is not None:
        bad = figures["non2xx"] + figures["socket_errors"] + figures["timeouts"]
        row["errors"] = bad
        row["cache_hits"] = figures["cache_hits"]
        row["server_errors"] = figures.get("server_errors", [])
        if bad:
            row["error"] = (
                f"{figures['non2xx']} non-2xx (first HTTP {figures['first_bad_status']}), "
                f"{figures['socket_errors']} socket errors, {figures['timeouts']} timeouts "
                f"of {figures['requests']} requests"
            )
            if row["server_errors"]:
                row["error"] += "; server: " + "; ".join(row["server_errors"])
        elif cache != "on" and figures["cache_hits"]:
            row["error"] = "cache hits with HUB_PAGE_CACHE_SECONDS=0: the cache did not turn off"
        else:
            row["rps"] = round(figures["rps"], 1)
            row["p50_ms"] = round(figures["p50_us"] / 1000, 2)
            row["p99_ms"] = round(figures["p99_us"] / 1000, 2)
            row["ratio_to_ok"] = round(figures["rps"] / ok_rps, 4) if ok_rps else None
    if row["target"] is not None and row["ratio_to_ok"] is not None:
        row["meets_target"] = row["ratio_to_ok"] >= row["target"]
    elif row["target"] is not None:
        row["meets_target"] = False
    return row


def _one_server(pages, *, cache, cookies, sign_in_errors, settings, log) -> tuple[list, dict]:
    """Measure "ok", the pages, "ok" again on one gunicorn. Signed-in pages only when the
    cache is on (the default configuration)."""
    env = MODES[cache]
    wanted = [p for p in pages if not p.user or cache == "on"]
    rows = []
    with gunicorn(
        workers=settings["workers"],
        worker_class=settings["worker_class"],
        threads=settings["worker_threads"],
        env=env,
    ) as server:
        if cache == "on":
            for user in sorted({p.user for p in pages if p.user}):
                try:
                    cookies[user] = cookie_header(sign_in(server, user))
                except (RuntimeError, requests.RequestException) as error:
                    sign_in_errors[user] = str(error)
        measure = {key: settings[key] for key in ("duration", "connections", "threads", "warmup")}
        log(f"  cache {cache}: ok ...")
        ok_before = _measure(server, OK_PATH, "", **measure)
        measured = []
        for page in wanted:
            cookie = cookies.get(page.user, "") if page.user else ""
            reason = sign_in_errors.get(page.user) if page.user else None
            reason = reason or _probe(server, page.path, cookie)
            if reason:
                measured.append((page, None, reason))
                continue
            log(f"  cache {cache}: {page.name} ...")
            before = server.error_counts()
            figures = _measure(server, page.path, cookie, **measure)
            figures["server_errors"] = server.errors(since=before)
            measured.append((page, figures, None))
        ok_after = _measure(server, OK_PATH, "", **measure)
    ok_rps = (ok_before["rps"] + ok_after["rps"]) / 2
    ok = {
        "cache": cache,
        "rps": round(ok_rps, 1),
        "rps_before": round(ok_before["rps"], 1),
        "rps_after": round(ok_after["rps"], 1),
        "p50_ms": round(ok_before["p50_us"] / 1000, 2),
        "p99_ms": round(ok_before["p99_us"] / 1000, 2),
        "errors": ok_before["non2xx"] + ok_after["non2xx"],
    }
    for page, figures, error in measured:
        rows.append(_row(page, cache=cache, figures=figures, ok_rps=ok_rps, error=error))
    return rows, ok


def run(
    pages,
    *,
    duration: float = 5,
    connections: int = 8,
    threads: int = 2,
    warmup: float = 1,
    workers: int = 2,
    worker_class: str = "sync",
    worker_threads: int = 1,
    verbose: bool = True,
) -> dict:
    """Measure every page against "ok"; print the table; return the figures."""

    def log(message: str) -> None:
        if verbose:
            print(message, file=sys.stderr, flush=True)

    if not wrk_available():
        result = {"error": "wrk is not installed (apt-get install wrk)", "rows": []}
        print("Throughput: skipped, wrk is not installed (apt-get install wrk).")
        return result
    pages = list(pages)
    settings = {
        "duration": duration,
        "connections": connections,
        "threads": threads,
        "warmup": warmup,
        "workers": workers,
        "worker_class": worker_class,
        "worker_threads": worker_threads,
    }
    cookies, sign_in_errors = {}, {}
    rows, oks = [], {}
    for mode in MODES:
        measured, oks[f"cache_{mode}"] = _one_server(
            pages,
            cache=mode,
            cookies=cookies,
            sign_in_errors=sign_in_errors,
            settings=settings,
            log=log,
        )
        rows += measured
    order = {page.path + "|" + str(page.user): index for index, page in enumerate(pages)}
    modes = list(MODES)
    rows.sort(
        key=lambda r: (order[r["path"] + "|" + str(r["user"])], modes.index(r["cache"] or "on"))
    )
    _signed_in_targets(rows)
    result = {
        "tool": "wrk",
        "settings": {**settings, "server": f"gunicorn {workers} {worker_class} workers"},
        "targets": TARGETS,
        "ok": oks,
        "rows": rows,
        "sign_in_errors": sign_in_errors,
        "summary": _summary(rows),
    }
    print(table(result))
    return result


def _signed_in_targets(rows) -> None:
    """Fill each signed-in row's target, against its ceiling's requests a second, and every
    measured row's p99 check (rows are changed in place)."""
    by_name = {r["name"]: r for r in rows if r["signed_in"]}
    ceilings = {
        "site": by_name.get(SIGNED_IN_CEILING),
        "admin": by_name.get(ADMIN_CEILING),
    }
    for r in rows:
        r["p99_ok"] = None if r["p99_ms"] is None or r["cache"] == "cold" else r["p99_ms"] < P99_MS
        if not r["signed_in"]:
            continue
        r["ceiling"] = None
        r["ratio_to_ceiling"] = None
        if r["name"] == SIGNED_IN_CEILING:
            r["target"] = SIGNED_IN_TARGETS["signed_in_ceiling"]
            r["meets_target"] = r["ratio_to_ok"] is not None and r["ratio_to_ok"] >= r["target"]
            continue
        if r["name"] == ADMIN_CEILING:
            continue  # the yardstick itself
        kind = "admin" if r["path"].startswith("/admin/") else "site"
        ceiling = ceilings[kind]
        r["target"] = SIGNED_IN_TARGETS[kind]
        r["ceiling"] = ceiling["name"] if ceiling else None
        if ceiling and ceiling["rps"] and r["rps"] is not None:
            r["ratio_to_ceiling"] = round(r["rps"] / ceiling["rps"], 4)
            r["meets_target"] = r["ratio_to_ceiling"] >= r["target"]
        else:
            r["meets_target"] = False


def _summary(rows) -> dict:
    anonymous = [r for r in rows if not r["signed_in"]]
    signed_in = [r for r in rows if r["signed_in"] and r["target"] is not None]
    timed = [r for r in rows if r.get("p99_ok") is not None]
    return {
        "signed_in_meeting_target": sum(1 for r in signed_in if r["meets_target"]),
        "signed_in_total": len(signed_in),
        "p99_under": sum(1 for r in timed if r["p99_ok"]),
        "p99_total": len(timed),
        "p99_over": sorted({r["name"] for r in timed if not r["p99_ok"]}),
        "pages": len({(r["path"], r["user"]) for r in rows}),
        "errors": sum(1 for r in rows if r["error"]),
        "cached_meeting_target": sum(1 for r in anonymous if r["cached"] and r["meets_target"]),
        "cached_total": sum(1 for r in anonymous if r["cached"]),
        "not_cached": sorted(
            {r["name"] for r in anonymous if r["cache"] == "on" and not r["cached"]}
        ),
        "uncached_meeting_target": sum(
            1 for r in anonymous if r["cache"] == "off" and r["meets_target"]
        ),
        "uncached_total": sum(1 for r in anonymous if r["cache"] == "off"),
    }


def _fmt(value, spec) -> str:
    return "—" if value is None else format(value, spec)


def table(result: dict) -> str:
    """page | who | cache | req/s | p50 ms | p99 ms | % of "ok" | target."""
    rows = result["rows"]
    width = max([len(r["name"]) for r in rows] + [24])
    head = (
        f"{'page':<{width}}  {'who':<32} {'cache':<5} {'req/s':>8} {'p50 ms':>8} "
        f"{'p99 ms':>8} {'% of ok':>8}  target"
    )
    lines = [
        f"Throughput: {result['settings']['server']}, wrk -c{result['settings']['connections']} "
        f"-t{result['settings']['threads']} -d{result['settings']['duration']:g}s "
        f"(warm-up {result['settings']['warmup']:g}s) over loopback",
        head,
        "-" * len(head),
    ]
    for ok in result["ok"].values():
        label = f'"ok" view (server with cache {ok["cache"]})'
        lines.append(
            f"{label:<{width}}  {'anyone':<32} {ok['cache']:<5} {ok['rps']:>8.0f} "
            f"{ok['p50_ms']:>8.2f} {ok['p99_ms']:>8.2f} {'100%':>8}  "
            f"(before {ok['rps_before']:.0f}, after {ok['rps_after']:.0f})"
        )
    for r in rows:
        who = r["user"] or "anonymous"
        cache = r["cache"] or "—"
        if r["error"]:
            lines.append(f"{r['name']:<{width}}  {who:<32} {cache:<5} ERROR {r['error']}")
            continue
        share = f"{r['ratio_to_ok'] * 100:.1f}%" if r["ratio_to_ok"] is not None else "—"
        target = ""
        if r["target"] is not None:
            mark = "meets" if r["meets_target"] else "MISSES"
            if r.get("ceiling"):
                against = (
                    "the signed-in base page"
                    if r["ceiling"] == SIGNED_IN_CEILING
                    else ("Wagtail's users listing")
                )
                share_c = (
                    f"{r['ratio_to_ceiling'] * 100:.0f}%"
                    if r.get("ratio_to_ceiling") is not None
                    else "—"
                )
                target = f"{mark} ≥{r['target'] * 100:.0f}% of {against} ({share_c})"
            else:
                target = f"{mark} ≥{r['target'] * 100:.0f}%"
            if r["cache"] == "on" and not r["cached"] and not r["signed_in"]:
                target += " (never a cache hit: the page is not cached)"
        if r.get("p99_ok") is False:
            target += f"; p99 OVER {P99_MS:.0f} ms"
        lines.append(
            f"{r['name']:<{width}}  {who:<32} {cache:<5} {_fmt(r['rps'], '8.1f')} "
            f"{_fmt(r['p50_ms'], '8.2f')} {_fmt(r['p99_ms'], '8.2f')} {share:>8}  {target}"
        )
    s = result["summary"]
    lines.append(
        f"Targets: cached anonymous ≥60% of ok: {s['cached_meeting_target']}/{s['cached_total']}; "
        f"uncached ≥10%: {s['uncached_meeting_target']}/{s['uncached_total']}"
        + (f" (never cached: {', '.join(s['not_cached'])})" if s["not_cached"] else "")
        + "; "
        f"pages in error: {s['errors']}"
    )
    lines.append(
        f"Signed-in targets (trivial signed-in page ≥{SIGNED_IN_TARGETS['signed_in_ceiling'] * 100:.0f}% "
        f"of ok; site pages ≥{SIGNED_IN_TARGETS['site'] * 100:.0f}% of it; admin screens ≥ "
        f"Wagtail's users listing): {s['signed_in_meeting_target']}/{s['signed_in_total']}; "
        f"p99 under {P99_MS:.0f} ms: {s['p99_under']}/{s['p99_total']}"
        + (f" (over: {', '.join(s['p99_over'])})" if s["p99_over"] else "")
    )
    lines.append(
        'cache: "on" the page cache; "off" no page cache, shared fragments kept (as for anyone '
        'signed in); "cold" nothing kept (no target)'
    )
    return "\n".join(lines)


def _pages():
    try:
        from .data import key_pages
    except ImportError:
        return DEMO_PAGES
    return key_pages()


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    numbers = [float(arg) for arg in sys.argv[1:] if not arg.startswith("-")]
    result = run(DEMO_PAGES if "--demo" in sys.argv else _pages(), duration=(numbers or [5])[0])
    Path(tempfile.gettempdir(), "bench-load.json").write_text(json.dumps(result, indent=2))
