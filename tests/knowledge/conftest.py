"""Shared fixture for the knowledge tests: the shipped knowledge base, parsed once.

`load_unchecked` is used (not `load`) so a content test still runs, and fails on its own
subject, while another helper's half-finished items make the integrity check red."""

import shutil
from pathlib import Path

import pytest

from sciatica_pt import knowledge
from sciatica_pt.core.knowledge import KnowledgeBase


@pytest.fixture(scope="session")
def shipped_kb() -> KnowledgeBase:
    kb, _ = knowledge.load_unchecked()
    assert kb is not None, "the knowledge base does not parse"
    return kb


@pytest.fixture
def knowledge_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the shipped YAML that `load_unchecked` (and `kb check`) reads instead."""
    root = tmp_path / "knowledge"
    shipped = Path(knowledge.__file__).parent
    shutil.copytree(shipped, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    monkeypatch.setattr(knowledge, "_root", lambda: root)
    return root
