"""Turning what a visitor typed into something every search backend accepts."""

import re

MAX_QUERY_LENGTH = 200
_NOT_A_WORD = re.compile(r"[^\w\s]|_", re.UNICODE)


def clean_query(raw: str) -> str:
    """Words only: quotes, operators and control characters break SQLite's full-text syntax."""
    return " ".join(_NOT_A_WORD.sub(" ", raw or "").split())[:MAX_QUERY_LENGTH].strip()
