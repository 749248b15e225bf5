"""The knowledge base is validated on every load: nothing kept on disk skips its checks."""

import pytest

from sciatica_pt import knowledge
from sciatica_pt.core.errors import InvalidInput


def test_a_process_loads_the_knowledge_base_once_and_shares_it():
    assert knowledge.load() is knowledge.load()


def test_a_knowledge_base_with_problems_is_refused_even_after_a_good_load(monkeypatch):
    good = knowledge.load()
    knowledge.load.cache_clear()
    monkeypatch.setattr(knowledge, "load_unchecked", lambda: (good, ["items: broken on purpose"]))
    try:
        with pytest.raises(InvalidInput, match="broken on purpose"):
            knowledge.load()
    finally:
        knowledge.load.cache_clear()
