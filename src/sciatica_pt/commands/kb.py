"""`sciatica-pt kb ...`: check, list and show the knowledge base."""

from __future__ import annotations

import json

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from sciatica_pt import knowledge
from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.knowledge import (
    ClinicianText,
    EducationTopic,
    Instructions,
    Item,
    KnowledgeBase,
    SafetyRule,
)
from sciatica_pt.core.vocabulary import ItemClass, Kind
from sciatica_pt.core.words import dose_in_words, name_of, names_of


def console() -> Console:
    """A console per use: it reads COLUMNS and the terminal as they are at that moment (one
    made at import keeps the width of whatever process imported it first)."""
    return Console()


def errors() -> Console:
    return Console(stderr=True)


def check() -> int:
    kb, problems = knowledge.load_unchecked()
    for line in problems:
        errors().print(f"[red]✗[/] {escape(line)}", markup=True, highlight=False, soft_wrap=True)
    if problems or kb is None:
        errors().print(f"{len(problems)} problem(s) in the knowledge base.")
        return 1
    console().print(
        f"Knowledge base is clean: {len(kb.items_of(Kind.EXERCISE))} exercises, "
        f"{_clinic_count(kb)} clinic techniques, {len(kb.education)} education topics, "
        f"{len(kb.rules)} safety rules, {len(kb.references)} references."
    )
    return 0


def _clinic_count(kb: KnowledgeBase) -> int:
    clinic_kinds = {Kind.MANUAL_THERAPY, Kind.MODALITY, Kind.NEEDLING}
    return sum(1 for i in kb.items if i.kind in clinic_kinds)


def _load() -> KnowledgeBase | None:
    try:
        return knowledge.load()
    except InvalidInput as exc:
        for line in exc.problems:
            errors().print(line, highlight=False, soft_wrap=True)
        return None


def list_items(item_class: str | None, kind: str | None, output: str) -> int:
    problems = _filter_problems(item_class, kind)
    if problems:
        for line in problems:
            errors().print(line, highlight=False)
        return 2
    kb = _load()
    if kb is None:
        return 1
    items = [
        i
        for i in kb.items
        if (item_class is None or i.item_class == item_class) and (kind is None or i.kind == kind)
    ]
    if output == "json":
        print(json.dumps([_summary(i) for i in items], indent=2))
        return 0
    table = Table("id", "name", "kind", "class", "setting", "evidence", title=f"{len(items)} items")
    for i in items:
        words = (name_of(i.kind), name_of(i.item_class), name_of(i.setting))
        table.add_row(i.id, i.name, *words, name_of(i.evidence.grade))
    console().print(table)
    return 0


def _filter_problems(item_class: str | None, kind: str | None) -> list[str]:
    problems = []
    if item_class is not None and item_class not in ItemClass.__members__.values():
        problems.append(f"--class: {item_class!r} is not a known class")
    if kind is not None and kind not in Kind.__members__.values():
        problems.append(f"--kind: {kind!r} is not one of {', '.join(Kind)}")
    return problems


def _summary(item: Item) -> dict[str, object]:
    return {
        "id": item.id,
        "name": item.name,
        "kind": item.kind.value,
        "class": item.item_class.value,
        "direction": item.direction.value if item.direction else None,
        "setting": item.setting.value,
        "delivered_by": item.delivered_by.value,
        "evidence_grade": item.evidence.grade.value,
        "targets": [t.value for t in item.targets],
    }


def show(ident: str) -> int:
    kb = _load()
    if kb is None:
        return 1
    for finder, render in ((kb.item, _show_item), (kb.rule, _show_rule), (_topic(kb), _show_topic)):
        try:
            found = finder(ident)
        except KeyError:
            continue
        render(kb, found)  # type: ignore[operator]
        return 0
    errors().print(f"ID: no item, rule or education topic is called {ident!r}", highlight=False)
    return 2


def _topic(kb: KnowledgeBase):  # type: ignore[no-untyped-def]
    def find(ident: str) -> EducationTopic:
        for topic in kb.education:
            if topic.id == ident:
                return topic
        raise KeyError(ident)

    return find


def _refs(kb: KnowledgeBase, keys: tuple[str, ...]) -> list[str]:
    return [f"[{k}] {kb.reference(k).citation}" for k in keys]


def _bullets(title: str, lines: tuple[str, ...] | list[str]) -> None:
    if lines:
        console().print(f"\n[bold]{title}[/]")
        for line in lines:
            console().print(f"  • {line}", highlight=False)


def _show_item(kb: KnowledgeBase, item: Item) -> None:
    console().print(f"[bold]{item.name}[/]  ({item.id})")
    console().print(
        f"{name_of(item.kind)} · {name_of(item.item_class)} · {name_of(item.setting)} · "
        f"by {name_of(item.delivered_by).lower()}"
        + (f" · direction: {name_of(item.direction).lower()}" if item.direction else ""),
        highlight=False,
    )
    console().print(
        f"Targets: {names_of(item.targets)}; stages: {names_of(item.stages)}; "
        f"irritability up to {name_of(item.max_irritability).lower()}; {item.minutes} min",
        highlight=False,
    )
    if item.equipment:
        console().print(f"Equipment: {names_of(item.equipment)}", highlight=False)
    if item.dosage:
        console().print(f"Dosage: {dose_in_words(item.dosage)}", highlight=False)
    if item.progression:
        console().print(f"Progression: {item.progression.note}", highlight=False)
    for label, links in (
        ("Progresses to", item.progresses_to),
        ("Regresses to", item.regresses_to),
    ):
        if links:
            console().print(f"{label}: {', '.join(_item_names(kb, links))}", highlight=False)
    _wording("For the patient (what the patient reads)", item.instructions, "Stop if")
    if item.clinician is not None:
        _wording("For the clinician", item.clinician, "Stop or escalate if")
    _bullets("Contraindications", [_rule_line(kb, r) for r in item.contraindications])
    _bullets("Precautions", [_rule_line(kb, r) for r in item.precautions])
    grade = name_of(item.evidence.grade)
    console().print(f"\n[bold]Evidence:[/] {grade}. {item.evidence.summary}", highlight=False)
    _bullets("References", _refs(kb, item.evidence.refs))


def _wording(title: str, text: Instructions | ClinicianText, stop: str) -> None:
    console().print(f"\n[bold underline]{title}[/]")
    console().print(text.summary, highlight=False)
    _bullets("Steps", text.steps)
    _bullets("Cues", text.cues)
    _bullets("Common mistakes", text.common_mistakes)
    _bullets(stop, text.stop_if)


def _item_names(kb: KnowledgeBase, ids: tuple[str, ...] | list[str]) -> list[str]:
    names = []
    for ident in ids:
        try:
            names.append(kb.item(ident).name)
        except KeyError:
            names.append(name_of(ident))
    return names


def _rule_line(kb: KnowledgeBase, rule_id: str) -> str:
    return f"{name_of(rule_id, 'safety_rule')}: {kb.rule(rule_id).message}"


def _show_rule(kb: KnowledgeBase, rule: SafetyRule) -> None:
    console().print(
        f"[bold]{name_of(rule.id, 'safety_rule')}[/]  ({rule.id}, {name_of(rule.severity)})"
    )
    console().print(f"When: {' and '.join(name_of(f) for f in rule.when_all)}", highlight=False)
    scope = rule.applies_to
    covered = [
        *(name_of(d) for d in scope.directions),
        *(name_of(k) for k in scope.kinds),
        *(name_of(c) for c in scope.classes),
        *(name_of(s) for s in scope.settings),
        *_item_names(kb, list(scope.items)),
    ]
    console().print(f"Applies to: {', '.join(covered)}", highlight=False)
    console().print(rule.message, highlight=False)
    _bullets("References", _refs(kb, rule.refs))


def _show_topic(kb: KnowledgeBase, topic: EducationTopic) -> None:
    console().print(f"[bold]{topic.title}[/]  ({topic.id})")
    console().print(topic.summary, highlight=False)
    _bullets("Key points", topic.key_points)
    for paragraph in topic.body:
        console().print(f"\n{paragraph}", highlight=False)
    _bullets("References", _refs(kb, topic.refs))
