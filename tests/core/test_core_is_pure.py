"""The core must stay pure: no web framework, HTTP, database or clock (DESIGN.md)."""

import ast
import pathlib
import subprocess
import sys

import sciatica_pt.core

CORE = pathlib.Path(sciatica_pt.core.__file__).parent
FORBIDDEN = (
    "django",
    "ninja",
    "requests",
    "httpx",
    "urllib",
    "http",
    "aiohttp",
    "socket",
    "sqlite3",
    "psycopg",
    "psycopg2",
    "sqlalchemy",
    "redis",
    "asyncpg",
)


def _imports(path: pathlib.Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_no_core_module_imports_a_framework_http_or_database_library():
    offenders = [
        f"{path.relative_to(CORE)} imports {name}"
        for path in sorted(CORE.rglob("*.py"))
        for name in _imports(path)
        if name.split(".")[0] in FORBIDDEN
    ]
    assert offenders == []


def test_no_core_module_reads_the_clock():
    offenders = [
        f"{path.relative_to(CORE)}: {needle}"
        for path in sorted(CORE.rglob("*.py"))
        for needle in ("date.today(", "datetime.now(", "datetime.utcnow(", "time.time(")
        if needle in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_importing_every_core_module_loads_no_forbidden_package():
    modules = sorted(
        "sciatica_pt.core." + ".".join(p.relative_to(CORE).with_suffix("").parts)
        for p in CORE.rglob("*.py")
        if p.name != "__init__.py"
    )
    # Only third-party frameworks and drivers: pydantic itself imports urllib.parse and socket.
    third_party = (
        "django",
        "ninja",
        "requests",
        "httpx",
        "aiohttp",
        "psycopg",
        "psycopg2",
        "sqlalchemy",
        "redis",
        "asyncpg",
        "sqlite3",
        "gunicorn",
    )
    code = (
        "import sys, importlib\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"bad = sorted(n for n in sys.modules if n.split('.')[0] in {third_party!r})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_purity_check_would_catch_a_django_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from django.db import models\nimport psycopg\n")
    assert _imports(bad) == ["django.db", "psycopg"]
