"""The layout's rules that a reader relies on (DESIGN.md, "Where code goes"), read from the
source with Python's own parser: page models import no views, and no module imports itself
back through others (counting imports inside functions, which are how a circle hides)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Our importable packages and where they live (site/ is an import root).
PACKAGES = {
    "academy": ROOT / "academy",
    "webinars": ROOT / "webinars",
    "helpdesk": ROOT / "helpdesk",
    "grants": ROOT / "grants",
    "network": ROOT / "site" / "network",
    "pages": ROOT / "site" / "pages",
    "config": ROOT / "site" / "config",
}


def modules() -> dict[str, Path]:
    """Every module of ours by its dotted name (migrations left out: Django loads them)."""
    found = {}
    for package, folder in PACKAGES.items():
        for path in folder.rglob("*.py"):
            parts = path.relative_to(folder).with_suffix("").parts
            if "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join((package, *parts))] = path
    return found


MODULES = modules()


def _known(name: str) -> str | None:
    """The module of ours `name` is, or is inside of (a class or function imported from it)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports(name: str) -> set[str]:
    """The modules of ours that module `name` imports, anywhere in it."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                origin = ".".join([*base, *([node.module] if node.module else [])])
            else:
                origin = node.module
            targets = [f"{origin}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(t for t in map(_known, targets) if t and t != name)
    return found


GRAPH = {name: imports(name) for name in MODULES}


def circles() -> list[list[str]]:
    """Groups of modules that import each other, directly or through others (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(GRAPH[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while not group or group[-1] != node:
                group.append(stack.pop())
                on_stack.discard(group[-1])
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_was_read():
    assert "webinars.office_hours.services" in MODULES
    assert "webinars.office_hours.models" in GRAPH["webinars.office_hours.services"]


def test_no_module_imports_itself_back():
    assert circles() == []


def test_page_models_import_no_views():
    """A page reads (get_context); what takes a POST is a view behind a named URL."""
    page_modules = [
        name
        for name, path in MODULES.items()
        if ".models" in f".{name}" and "Page)" in path.read_text() or name.endswith("models")
    ]
    assert "webinars.office_hours.models" in page_modules
    offending = {
        name: sorted(t for t in GRAPH[name] if t.rpartition(".")[2] == "views" or ".views." in t)
        for name in page_modules
    }
    assert {name: found for name, found in offending.items() if found} == {}


def test_office_hours_is_its_own_app_with_the_usual_rooms():
    from django.apps import apps

    app = apps.get_app_config("office_hours")
    assert app.name == "webinars.office_hours"
    rooms = ["models", "services", "views", "forms", "admin", "wagtail_hooks", "tasks", "urls"]
    assert [room for room in rooms if f"webinars.office_hours.{room}" not in MODULES] == []
    assert not any(
        name.startswith("webinars.") and "office_hours" not in name and "booking" in name
        for name in MODULES
    )


def test_grants_imports_no_other_feature_app():
    """Grants builds on network and pages only (DESIGN.md): its "get help" link to office
    hours goes through a URL or a lazy model lookup, never an import."""
    found = {
        name: sorted(
            t for t in GRAPH[name] if t.split(".")[0] in {"academy", "webinars", "helpdesk"}
        )
        for name in MODULES
        if name.split(".")[0] == "grants"
    }
    assert {name: f for name, f in found.items() if f} == {}
