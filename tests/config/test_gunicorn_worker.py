"""gunicorn.conf.py's post_worker_init: a worker freezes what it loaded, so a full garbage
collection during a request walks only what requests added (issue 25, docs/performance.md,
"Third round", garbage collection)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import gc, runpy, sys
import django
django.setup()
hooks = runpy.run_path("gunicorn.conf.py")
assert gc.get_freeze_count() == 0
before = "helpdesk.admin_views" in sys.modules
hooks["post_worker_init"](None)
print(gc.get_freeze_count(), before, "helpdesk.admin_views" in sys.modules)
"""


def test_a_worker_freezes_the_site_it_loaded_with_its_urls_and_views():
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": "site:."},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    frozen, views_before, views_after = done.stdout.split()
    assert int(frozen) > 100_000  # Django, Wagtail and the site: about 230,000 objects
    assert (views_before, views_after) == ("False", "True")
