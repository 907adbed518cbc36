"""The admin's applications, reviews and determinations (grants.wagtail_hooks groups VIEWSETS)."""

VIEWSETS = []
