"""The academy's layers, read from its source: page models import no views or context
builders (not even inside a function), services import no context builders, and no module
imports inside functions to dodge a circle (apps.py's ready() aside)."""

import ast
from pathlib import Path

ACADEMY = Path(__file__).resolve().parents[2] / "academy"
# Modules that answer requests or build template context.
VIEW_LAYER = {
    "views",
    "progress",
    "dashboard",
    "reports",
    "admin_views",
    "certificate_views",
    "certificate_admin",
    "organisation_report",
    "calendar_feed",
    "wagtail_hooks",
}


def imported(path: Path) -> list[tuple[str, bool]]:
    """(module, inside a function) for each academy-relative import of a file."""
    tree = ast.parse(path.read_text())
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.ImportFrom):
                names = [child.module or ""] + [
                    f"{child.module or ''}.{a.name}" for a in child.names
                ]
                found.extend([(name.strip(".").removeprefix("academy."), nested) for name in names])
            elif isinstance(child, ast.Import):
                found.extend((a.name.removeprefix("academy."), nested) for a in child.names)
            visit(child, nested)

    visit(tree, False)
    return found


def layer_of(name: str) -> str:
    return name.split(".")[0]


def test_page_models_import_no_views_or_context_builders():
    for path in (ACADEMY / "models").glob("*.py"):
        for name, _nested in imported(path):
            assert layer_of(name) not in VIEW_LAYER, f"{path.name} imports {name}"


def test_services_import_no_context_builders():
    for module in ("services.py", "certificates.py"):
        for name, _nested in imported(ACADEMY / module):
            assert layer_of(name) not in VIEW_LAYER, f"{module} imports {name}"


def test_no_import_hides_inside_a_function():
    for path in ACADEMY.rglob("*.py"):
        if "migrations" in path.parts or path.name == "apps.py":
            continue
        nested = [name for name, inside in imported(path) if inside]
        assert nested == [], f"{path.relative_to(ACADEMY)} imports {nested} inside a function"
