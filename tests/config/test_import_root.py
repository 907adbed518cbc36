"""site/ is an import root, not a package: guard the few places that put it on the path."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_site_is_not_a_package():
    assert not (ROOT / "site" / "__init__.py").exists()
    import site

    assert hasattr(site, "getsitepackages")  # still Python's own module


def test_manage_py_puts_site_on_the_path():
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", "import config, network, pages; print('ok')"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")


def test_tools_are_configured_with_the_import_root():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "site" in config["tool"]["pytest"]["ini_options"]["pythonpath"]
    assert "site" in config["tool"]["ruff"]["src"]


def test_the_wsgi_server_command_names_the_import_root():
    for document in ("docs/deploy.md", "Procfile"):
        text = (ROOT / document).read_text()
        assert "--pythonpath site config.wsgi" in text, document
