"""The import rules of DESIGN.md's architecture, checked by reading the source, not running it.

Dependencies point inwards: web/ and workers/ -> tracker/ -> projections/ -> domain/.
"""

import ast
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("domain", "projections", "tracker", "web", "workers")

# A rule is asked (importing module, imported name) and answers whether that import is forbidden.
Rule = Callable[[str, str], bool]


def _within(name: str, *prefixes: str) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def module_name(path: Path) -> str:
    """The dotted module name of a file below the repository root."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(source: str, module: str, is_package: bool = False) -> Iterator[tuple[int, str]]:
    """Each name a module imports, absolute, with its line.

    `from a import b` gives `a.b`, so that `from eventsourcing import utils` and
    `from tracker import cli` are seen for what they are.
    """
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            parts = package[: len(package) - node.level + 1] if node.level else []
            base = ".".join([*parts, node.module] if node.module else parts)
            for alias in node.names:
                yield node.lineno, base if alias.name == "*" else f"{base}.{alias.name}"


def violations(
    label: str, source: str, module: str, rule: Rule, is_package: bool = False
) -> list[str]:
    """`label:line imports name` for every import of the source that the rule forbids."""
    return [
        f"{label}:{line} imports {name}"
        for line, name in sorted(imported_names(source, module, is_package))
        if rule(module, name)
    ]


def check(directories: tuple[str, ...], rule: Rule) -> list[str]:
    """The violations of a rule in every Python file below the given top-level directories."""
    found: list[str] = []
    for directory in directories:
        for path in sorted((ROOT / directory).rglob("*.py")):
            found += violations(
                str(path.relative_to(ROOT)),
                path.read_text(encoding="utf-8"),
                module_name(path),
                rule,
                is_package=path.name == "__init__.py",
            )
    return found


def domain_rule(module: str, name: str) -> bool:
    """The domain knows nothing of storage, web or queues: the standard library and the
    aggregate base classes only."""
    return not (
        name.split(".")[0] in sys.stdlib_module_names
        or _within(name, "domain", "eventsourcing.domain")
    )


def web_rule(module: str, name: str) -> bool:
    """Only the CLI's `serve` starts the web edge (the WSGI entry point, web/wsgi.py, is
    part of it)."""
    if _within(module, "web", "tracker.cli"):
        return False
    return _within(name, "web")


def projections_rule(module: str, name: str) -> bool:
    """Read models are rebuilt by workers and the CLI alike, so they depend on neither edge."""
    return _within(name, "web", "workers", "tracker.cli")


def test_domain_imports_only_the_standard_library_and_eventsourcing_domain() -> None:
    found = check(("domain",), domain_rule)
    assert not found, (
        "domain/ may import only the standard library, domain and eventsourcing.domain:\n"
        + "\n".join(found)
    )


def test_only_the_cli_imports_web() -> None:
    found = check((*PACKAGES, "bench"), web_rule)
    assert not found, "only tracker/cli.py and web/ itself may import web:\n" + "\n".join(found)


def pages_rule(module: str, name: str) -> bool:
    """The pages read the read models through projections.queries, never their tables."""
    return _within(module, "web.pages") and _within(name, "projections.schema", "sqlalchemy")


def test_the_pages_read_read_models_only_through_projections_queries() -> None:
    found = check(("web",), pages_rule)
    assert not found, "web/pages imports read-model tables or SQL:\n" + "\n".join(found)


def test_projections_import_neither_edge_nor_the_cli() -> None:
    found = check(("projections",), projections_rule)
    message = "projections/ must not import web, workers or tracker.cli:\n"
    assert not found, message + "\n".join(found)


def test_the_checker_reports_forbidden_imports() -> None:
    domain_source = (
        "import datetime\n"
        "from eventsourcing.domain import Aggregate\n"
        "from eventsourcing.utils import register_topic\n"
        "from . import errors\n"
        "import flask\n"
    )
    assert violations("domain/x.py", domain_source, "domain.x", domain_rule) == [
        "domain/x.py:3 imports eventsourcing.utils.register_topic",
        "domain/x.py:5 imports flask",
    ]
    projections_source = (
        "from tracker import cli\nimport tracker.settings\nfrom workers.jobs import catch_up\n"
    )
    assert violations("p.py", projections_source, "projections.p", projections_rule) == [
        "p.py:1 imports tracker.cli",
        "p.py:3 imports workers.jobs.catch_up",
    ]
    assert violations("w.py", "import web.api\n", "workers.jobs", web_rule) == [
        "w.py:1 imports web.api"
    ]
    assert violations("c.py", "from web import create_app\n", "tracker.cli", web_rule) == []
