"""The knowledge base as data: YAML files shipped in this package, loaded once.

Layout: `items/*.yaml` (each a list under `items:`), `rules.yaml`, `references.yaml`,
`education.yaml`. Loading reads files, so it lives here and not in the pure core; the models
and checks it feeds are in `sciatica_pt.core.knowledge`.
"""

from __future__ import annotations

import functools
from importlib import resources
from importlib.abc import Traversable
from typing import Any

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
    """The checked knowledge base, parsed and validated once per process; raises InvalidInput
    naming every problem."""
    kb, problems = load_unchecked()
    if problems or kb is None:
        raise InvalidInput(problems)
    return kb
