#!/usr/bin/env python
"""Django's command-line utility. site/ is the import root (see config/paths.py)."""

import os
import sys
from pathlib import Path

SITE_DIR = Path(__file__).resolve().parent / "site"


def main():
    # site/ cannot be a package (the standard library owns the name `site`), so its
    # contents are importable only with the folder itself on the path.
    sys.path.insert(0, str(SITE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
