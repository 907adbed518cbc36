"""bench.load waits after the warm-up until the server has served the requests wrk left
queued, so the measured run's first requests do not wait behind them (docs/performance.md,
"The p99 tail")."""

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


def test_the_measured_run_starts_once_the_warm_up_s_slowest_request_has_had_time_again(
    monkeypatch,
):
    assert measure(monkeypatch, 440_000) == [("wrk", 1), ("sleep", 0.44), ("wrk", 5)]


def test_the_wait_is_bounded(monkeypatch):
    assert measure(monkeypatch, 60_000_000)[1] == ("sleep", load.DRAIN_LIMIT_S)


def test_no_warm_up_no_wait(monkeypatch):
    assert measure(monkeypatch, 440_000, warmup=0) == [("wrk", 5)]


def test_wrk_s_script_reports_the_slowest_request():
    assert "latency.max" in load.WRK_SCRIPT and '"max_us"' in load.WRK_SCRIPT
