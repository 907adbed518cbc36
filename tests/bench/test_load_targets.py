"""The throughput table's signed-in targets (bench.load): each signed-in page against its
ceiling, measured by the same server, and the p99 limit. Pure: rows in, verdicts out."""

from bench.load import (
    ADMIN_CEILING,
    P99_MS,
    SIGNED_IN_CEILING,
    _signed_in_targets,
    _summary,
    table,
)


def row(name, path, *, user="someone@hub.example", rps=100.0, ok_rps=1000.0, p99=100.0, cache=None):
    return {
        "name": name,
        "path": path,
        "user": user,
        "signed_in": bool(user),
        "cache": None if user else (cache or "on"),
        "rps": rps,
        "p50_ms": p99 / 2,
        "p99_ms": p99,
        "ratio_to_ok": rps / ok_rps,
        "errors": 0,
        "error": None,
        "cache_hits": 0,
        "cached": False,
        "server_errors": [],
        "target": None,
        "meets_target": None,
    }


def rows():
    return [
        row(SIGNED_IN_CEILING, "/en/bench/signed-in/", rps=120.0),  # 12% of ok
        row(ADMIN_CEILING, "/admin/users/", rps=40.0),
        row("lesson (learner)", "/en/course/lesson/", rps=61.0),  # 50.8% of the ceiling
        row("my learning", "/en/academy/my-learning/", rps=59.0),  # 49.2%
        row("help-desk queue", "/admin/help-desk/", rps=40.0),  # as fast as the listing
        row("academy report", "/admin/reports/academy/cohorts/", rps=39.0, p99=301.0),
        row("home", "/en/", user=None, rps=1500.0, p99=3.0),
        row("home", "/en/", user=None, rps=20.0, p99=500.0, cache="cold"),
    ]


def by_name(measured):
    return {(r["name"], r["cache"]): r for r in measured}


def test_each_signed_in_page_is_held_to_its_own_ceiling():
    measured = rows()
    _signed_in_targets(measured)
    found = by_name(measured)
    ceiling = found[(SIGNED_IN_CEILING, None)]
    assert (ceiling["target"], ceiling["meets_target"]) == (0.10, True)
    assert found[(ADMIN_CEILING, None)]["target"] is None  # the yardstick itself
    lesson, mine = found[("lesson (learner)", None)], found[("my learning", None)]
    assert (lesson["ceiling"], lesson["target"], lesson["meets_target"]) == (
        SIGNED_IN_CEILING,
        0.5,
        True,
    )
    assert (mine["ratio_to_ceiling"], mine["meets_target"]) == (0.4917, False)
    queue, report = found[("help-desk queue", None)], found[("academy report", None)]
    assert (queue["ceiling"], queue["ratio_to_ceiling"], queue["meets_target"]) == (
        ADMIN_CEILING,
        1.0,
        True,
    )
    assert report["meets_target"] is False


def test_p99_is_checked_on_every_page_but_the_cold_reference():
    measured = rows()
    _signed_in_targets(measured)
    found = by_name(measured)
    assert found[("academy report", None)]["p99_ok"] is False
    assert found[("home", "on")]["p99_ok"] is True
    assert found[("home", "cold")]["p99_ok"] is None  # 500 ms, but cold has no target
    summary = _summary(measured)
    assert (summary["signed_in_meeting_target"], summary["signed_in_total"]) == (3, 5)
    assert (summary["p99_under"], summary["p99_total"], summary["p99_over"]) == (
        6,
        7,
        ["academy report"],
    )


def test_a_missing_ceiling_fails_its_pages_rather_than_passing_them():
    measured = [r for r in rows() if r["name"] != ADMIN_CEILING]
    _signed_in_targets(measured)
    assert by_name(measured)[("help-desk queue", None)]["meets_target"] is False


def test_the_table_says_which_ceiling_a_page_misses_against():
    measured = rows()
    _signed_in_targets(measured)
    result = {
        "settings": {
            "server": "gunicorn 2 sync workers",
            "connections": 8,
            "threads": 2,
            "duration": 5,
            "warmup": 1,
        },
        "ok": {
            "cache_on": {
                "cache": "on",
                "rps": 1000.0,
                "rps_before": 990.0,
                "rps_after": 1010.0,
                "p50_ms": 1.0,
                "p99_ms": 2.0,
            }
        },
        "rows": measured,
        "summary": _summary(measured),
    }
    text = table(result)
    line = next(ln for ln in text.splitlines() if ln.startswith("my learning"))
    assert "MISSES ≥50% of the signed-in base page (49%)" in line
    line = next(ln for ln in text.splitlines() if ln.startswith("academy report"))
    assert "MISSES ≥100% of Wagtail's users listing (98%)" in line
    assert f"p99 OVER {P99_MS:.0f} ms" in line
    assert "Signed-in targets" in text and "3/5" in text
