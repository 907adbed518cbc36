"""bench.load waits after the warm-up until the server has served the requests wrk left
queued, so the measured run's first requests do not wait behind them (docs/performance.md,
"The p99 tail")."""

import re
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import bench.load as load


class Recorder:
    def __init__(self, warm_max_us):
        self.events = []
        self.warm_max_us = warm_max_us

    def wrk(self, url, *, duration, connections, threads, cookie=""):
        self.events.append(("wrk", duration))
        return {
            "requests": 10,
            "duration_us": 1_000_000,
            "p50_us": 1,
            "p99_us": 2,
            "max_us": self.warm_max_us,
        }

    def sleep(self, seconds):
        self.events.append(("sleep", seconds))


class FakeServer:
    def url(self, path):
        return f"http://127.0.0.1:1{path}"


def measure(monkeypatch, warm_max_us, warmup=1):
    recorder = Recorder(warm_max_us)
    monkeypatch.setattr(load, "wrk", recorder.wrk)
    monkeypatch.setattr(load.time, "sleep", recorder.sleep)
    load._measure(
        FakeServer(), "/admin/users/", "", duration=5, connections=8, threads=2, warmup=warmup
    )
    return recorder.events


def test_the_measured_run_starts_once_the_warm_up_s_slowest_request_has_had_time_again_and_more(
    monkeypatch,
):
    events = measure(monkeypatch, 440_000)
    assert [kind for kind, _ in events] == ["wrk", "sleep", "wrk"]
    assert events[0][1] == 1 and events[2][1] == 5
    assert 0.44 * load.DRAIN_MARGIN == pytest.approx(events[1][1]) and events[1][1] > 0.44


def test_the_wait_is_bounded(monkeypatch):
    assert measure(monkeypatch, 60_000_000)[1] == ("sleep", load.DRAIN_LIMIT_S)


def test_no_warm_up_no_wait(monkeypatch):
    assert measure(monkeypatch, 440_000, warmup=0) == [("wrk", 5)]


def test_wrk_s_script_writes_each_figure_under_its_own_name():
    """The Lua format's keys, in order, paired with the values passed to it."""
    call = load.WRK_SCRIPT.split("io.write(string.format(", 1)[1]
    keys = re.findall(r'"(\w+)": %d', call)
    values = [v.strip() for v in call.split("\\n',", 1)[1].rsplit("))", 1)[0].split(",")]
    assert dict(zip(keys, values, strict=True)) == {
        "requests": "summary.requests",
        "duration_us": "summary.duration",
        "p50_us": "latency:percentile(50)",
        "p99_us": "latency:percentile(99)",
        "max_us": "latency.max",
        "non2xx": "bad",
        "first_bad_status": "first_bad",
        "cache_hits": "hits",
        "socket_errors": "e.connect + e.read + e.write",
        "timeouts": "e.timeout",
    }


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is installed by make bench")
def test_a_real_wrk_run_reads_back_as_figures():
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            status = 404 if self.path == "/missing" else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        good = load.wrk(f"{base}/", duration=1, connections=2, threads=1)
        bad = load.wrk(f"{base}/missing", duration=1, connections=2, threads=1)
    finally:
        server.shutdown()
    assert good["requests"] > 0 and good["non2xx"] == 0
    assert 0 < good["p50_us"] <= good["p99_us"] <= good["max_us"]
    assert bad["non2xx"] == bad["requests"] > 0 and bad["first_bad_status"] == 404
