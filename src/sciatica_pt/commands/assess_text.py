"""The clinician's text view of an assessment result (Rich).

Safety first on the page too: triage level and its findings with their actions, then the
classification with its reasons, then the plan (dosage, why, refs), then what was left out.
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from sciatica_pt.core.knowledge import KnowledgeBase
from sciatica_pt.core.result import AssessmentResult, ExcludedItem, PlanItem, TriageLevel
from sciatica_pt.core.words import dose_in_words, name_of, names_of

LEVEL_STYLE = {
    TriageLevel.EMERGENCY: "bold white on red",
    TriageLevel.URGENT_REFERRAL: "bold red",
    TriageLevel.ROUTINE_REFERRAL_WITH_PT: "bold yellow",
    TriageLevel.PT_APPROPRIATE: "bold green",
}


def render(
    result: AssessmentResult, kb: KnowledgeBase | None = None, console: Console | None = None
) -> None:
    """The result in words (core.words), never codes; `kb` names the items left out."""
    out = console or Console(highlight=False, soft_wrap=True)
    _triage(out, result)
    _classification(out, result)
    _plan(out, result, kb)
    from sciatica_pt.cli import DISCLAIMER

    out.print(f"\n[dim]{escape(DISCLAIMER)}[/]")


def _triage(out: Console, result: AssessmentResult) -> None:
    t = result.triage
    out.print(f"[bold]Triage:[/] [{LEVEL_STYLE[t.level]}] {name_of(t.level)} [/]")
    if not t.findings:
        out.print("  No red-flag finding among the answered questions.")
    for f in t.findings:
        field = escape(name_of(f.field, "field"))
        out.print(f"  • {field} ({name_of(f.level)}): {escape(f.message)}")
        out.print(f"    [bold]Action:[/] {escape(f.action)} [dim]{escape(_refs(f.refs))}[/]")
    for c in t.contradictions:
        field = escape(name_of(c.field, "field"))
        out.print(f"  [yellow]! Contradiction[/] {field}: {escape(c.message)}")
    if t.unanswered:
        out.print(f"  [yellow]Not asked yet:[/] {escape(names_of(t.unanswered, 'field'))}")


def _classification(out: Console, result: AssessmentResult) -> None:
    c = result.classification
    out.print(
        f"\n[bold]Classification:[/] pain source: {name_of(c.pain_source)}; "
        f"stage: {name_of(c.stage)}; irritability: {name_of(c.irritability)}; "
        f"direction: {name_of(c.directional_preference)}; "
        f"STarT Back: {name_of(c.start_back_risk)}"
    )
    for why in c.why:
        out.print(f"  • {escape(why)}")


def _plan(out: Console, result: AssessmentResult, kb: KnowledgeBase | None) -> None:
    p = result.plan
    out.print(f"\n[bold]Plan ({name_of(p.status)}):[/]")
    for item in p.items:
        _item(out, item)
    if p.excluded:
        out.print("\n[bold]Left out:[/]")
    for x in p.excluded:
        out.print(f"  ✗ {escape(_excluded_name(x, kb))}: {escape(x.reason)}")
        if x.refs:
            out.print(f"    [dim]{escape(_refs(x.refs))}[/]")


def _excluded_name(item: ExcludedItem, kb: KnowledgeBase | None) -> str:
    """The item's own name, with its class in words unless the name already says it."""
    kind = name_of(item.item_class)
    try:
        name = kb.item(item.id).name if kb is not None else kind
    except KeyError:
        name = kind
    return name if kind.lower() in name.lower() else f"{name} ({kind})"


def _item(out: Console, item: PlanItem) -> None:
    dose = f" — {dose_in_words(item.dosage)}" if item.dosage else ""
    out.print(f"  [bold]{escape(item.name)}[/] [dim]({name_of(item.kind)})[/]{escape(dose)}")
    for why in item.why:
        out.print(f"    why: {escape(why)}")
    for note in item.precautions:
        out.print(f"    [yellow]precaution:[/] {escape(note)}")
    out.print(f"    [dim]{escape(_refs(item.refs))}[/]")


def _refs(refs: tuple[str, ...]) -> str:
    return "refs: " + ", ".join(refs)
