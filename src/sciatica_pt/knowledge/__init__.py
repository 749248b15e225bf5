"""The knowledge base as data: YAML files shipped in this package, loaded once.

Layout: `items/*.yaml` (each a list under `items:`), `rules.yaml`, `references.yaml`,
`education.yaml`. Loading reads files, so it lives here and not in the pure core; the models
and checks it feeds are in `sciatica_pt.core.knowledge`.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

import pydantic
import yaml
from pydantic import TypeAdapter, ValidationError

from sciatica_pt.core.errors import InvalidInput, problems_of
from sciatica_pt.core.knowledge import (
    EducationTopic,
    Item,
    KnowledgeBase,
    Reference,
    SafetyRule,
    check_knowledge_base,
)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _root() -> Traversable:
    return resources.files(__name__)


def _read(file: Traversable, key: str) -> list[Any]:
    data = yaml.load(file.read_text(encoding="utf-8"), Loader=_Loader)
    if not isinstance(data, dict) or set(data) != {key}:
        raise InvalidInput([f"{file.name}: must hold exactly one top-level key, {key!r}"])
    entries = data[key] or []
    if not isinstance(entries, list):
        raise InvalidInput([f"{file.name}: {key} must be a list"])
    return entries


def _parse(
    adapter: TypeAdapter[Any], entries: list[Any], where: str
) -> tuple[list[Any], list[str]]:
    parsed, problems = [], []
    for index, entry in enumerate(entries):
        ident = entry.get("id") or entry.get("key") if isinstance(entry, dict) else None
        try:
            parsed.append(adapter.validate_python(entry))
        except ValidationError as exc:
            problems += problems_of(exc, prefix=f"{where}[{index}]{f' ({ident})' if ident else ''}")
    return parsed, problems


def load_unchecked() -> tuple[KnowledgeBase | None, list[str]]:
    """Parse every file; return the knowledge base (None if any entry failed) and problems."""
    root = _root()
    problems: list[str] = []
    item_files = sorted(
        (f for f in root.joinpath("items").iterdir() if f.name.endswith(".yaml")),
        key=lambda f: f.name,
    )
    items: list[Item] = []
    for file in item_files:
        parsed, found = _parse(TypeAdapter(Item), _read(file, "items"), f"items/{file.name}")
        items += parsed
        problems += found
    parts: dict[str, list[Any]] = {}
    for name, key, model in (
        ("rules.yaml", "rules", SafetyRule),
        ("references.yaml", "references", Reference),
        ("education.yaml", "topics", EducationTopic),
    ):
        parts[key], found = _parse(TypeAdapter(model), _read(root.joinpath(name), key), name)
        problems += found
    if problems:
        return None, problems
    kb = KnowledgeBase(
        items=tuple(items),
        rules=tuple(parts["rules"]),
        references=tuple(parts["references"]),
        education=tuple(parts["topics"]),
    )
    return kb, check_knowledge_base(kb)


@functools.cache
def load() -> KnowledgeBase:
    """The checked knowledge base; raises InvalidInput naming every problem.

    A checked knowledge base is cached on disk (see `_cache_file`), keyed by a digest of every
    YAML file, so a command line run skips parsing and validating ~100 items each time."""
    cache = _cache_file()
    kb = _read_cache(cache) if cache else None
    if kb is not None:
        return kb
    kb, problems = load_unchecked()
    if problems or kb is None:
        raise InvalidInput(problems)
    if cache:
        _write_cache(cache, kb)
    return kb


def _digest() -> str:
    root = _root()
    files = [root.joinpath(n) for n in ("rules.yaml", "references.yaml", "education.yaml")]
    files += sorted(
        (f for f in root.joinpath("items").iterdir() if f.name.endswith(".yaml")),
        key=lambda f: f.name,
    )
    digest = hashlib.sha256(f"{sys.version}|{pydantic.VERSION}".encode())
    for file in files:
        digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def _cache_file() -> Path | None:
    """`$SCIATICA_PT_CACHE_DIR`, else `$XDG_CACHE_HOME/sciatica-pt`, else ~/.cache/sciatica-pt;
    None when caching is switched off (SCIATICA_PT_CACHE_DIR set to an empty string)."""
    configured = os.environ.get("SCIATICA_PT_CACHE_DIR")
    if configured == "":
        return None
    base = Path(configured) if configured else _xdg_cache() / "sciatica-pt"
    return base / f"knowledge-{_digest()}.pickle"


def _xdg_cache() -> Path:
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) if xdg else Path.home() / ".cache"


def _read_cache(path: Path) -> KnowledgeBase | None:
    """Only a file this user owns and nobody else can write is unpickled (pickle runs code)."""
    try:
        info = path.stat()
        if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return None
        kb = pickle.loads(path.read_bytes())
    except Exception:  # a missing, stale or unreadable cache is simply rebuilt
        return None
    return kb if isinstance(kb, KnowledgeBase) else None


def _write_cache(path: Path, kb: KnowledgeBase) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".kb-")
        with os.fdopen(fd, "wb") as out:  # mkstemp creates the file with mode 0600
            pickle.dump(kb, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError):
        pass  # caching is an optimisation; a read-only home must not break the command
