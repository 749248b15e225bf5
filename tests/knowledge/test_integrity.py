"""The shipped knowledge base is clean, and the checks catch what they promise to catch."""

import pytest

from sciatica_pt import knowledge
from sciatica_pt.core.knowledge import KnowledgeBase, check_knowledge_base


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return knowledge.load()


def test_the_shipped_knowledge_base_has_no_problem():
    _, problems = knowledge.load_unchecked()
    assert problems == []


def _with(kb: KnowledgeBase, item_id: str, **changes) -> KnowledgeBase:
    items = tuple(i.model_copy(update=changes) if i.id == item_id else i for i in kb.items)
    return kb.model_copy(update={"items": items})


def test_it_names_a_dangling_progression_link(kb):
    broken = _with(kb, "prone-lying", progresses_to=("no-such-exercise",))
    assert "item prone-lying: progresses_to names unknown item no-such-exercise" in (
        check_knowledge_base(broken)
    )


def test_it_names_a_progression_cycle(kb):
    broken = _with(kb, "prone-on-elbows", progresses_to=("prone-lying",))
    assert any(p.startswith("progression cycle:") for p in check_knowledge_base(broken))


def test_it_names_an_unknown_rule_and_an_unknown_reference(kb):
    item = kb.item("prone-lying")
    broken = _with(
        kb,
        "prone-lying",
        contraindications=("ci.made-up",),
        evidence=item.evidence.model_copy(update={"refs": ("Made-Up-2099",)}),
    )
    problems = check_knowledge_base(broken)
    assert "item prone-lying: contraindications names unknown rule ci.made-up" in problems
    assert "item prone-lying: unknown reference Made-Up-2099" in problems


def test_it_names_a_duplicate_id(kb):
    doubled = kb.model_copy(update={"items": (*kb.items, kb.items[0])})
    assert f"item {kb.items[0].id}: defined twice" in check_knowledge_base(doubled)


def test_every_item_rule_and_topic_cites_a_known_reference(kb):
    keys = {r.key for r in kb.references}
    cited = {k for i in kb.items for k in i.evidence.refs}
    cited |= {k for r in kb.rules for k in r.refs} | {k for t in kb.education for k in t.refs}
    assert cited <= keys


def test_every_exercise_says_when_to_stop(kb):
    assert all(i.instructions.stop_if for i in kb.items_of())
