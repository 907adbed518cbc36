"""The admin's grants, payments, reports and roll-up (grants.wagtail_hooks groups VIEWSETS)."""

VIEWSETS = []
