"""The clinician's text view of an assessment result (Rich).

Safety first on the page too: triage level and its findings with their actions, then the
classification with its reasons, then the plan (dosage, why, refs), then what was left out.
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from sciatica_pt.core.knowledge import Dosage
from sciatica_pt.core.result import AssessmentResult, PlanItem, TriageLevel

LEVEL_STYLE = {
    TriageLevel.EMERGENCY: "bold white on red",
    TriageLevel.URGENT_REFERRAL: "bold red",
    TriageLevel.ROUTINE_REFERRAL_WITH_PT: "bold yellow",
    TriageLevel.PT_APPROPRIATE: "bold green",
}


def render(result: AssessmentResult, console: Console | None = None) -> None:
    out = console or Console(highlight=False, soft_wrap=True)
    _triage(out, result)
    _classification(out, result)
    _plan(out, result)
    from sciatica_pt.cli import DISCLAIMER

    out.print(f"\n[dim]{escape(DISCLAIMER)}[/]")


def _triage(out: Console, result: AssessmentResult) -> None:
    t = result.triage
    out.print(f"[bold]Triage:[/] [{LEVEL_STYLE[t.level]}] {t.level.value} [/]")
    if not t.findings:
        out.print("  No red-flag finding among the answered questions.")
    for f in t.findings:
        out.print(f"  • {escape(f.field)} ({f.level.value}): {escape(f.message)}")
        out.print(f"    [bold]Action:[/] {escape(f.action)} [dim]{escape(_refs(f.refs))}[/]")
    for c in t.contradictions:
        out.print(f"  [yellow]! Contradiction[/] {escape(c.field)}: {escape(c.message)}")
    if t.unanswered:
        out.print(f"  [yellow]Not asked yet:[/] {escape(', '.join(t.unanswered))}")


def _classification(out: Console, result: AssessmentResult) -> None:
    c = result.classification
    out.print(
        f"\n[bold]Classification:[/] pain source {c.pain_source.value}, stage {c.stage.value}, "
        f"irritability {c.irritability.value}, directional preference "
        f"{c.directional_preference.value}, STarT Back risk {c.start_back_risk.value}"
    )
    for why in c.why:
        out.print(f"  • {escape(why)}")


def _plan(out: Console, result: AssessmentResult) -> None:
    p = result.plan
    out.print(f"\n[bold]Plan ({p.status.value}):[/]")
    for item in p.items:
        _item(out, item)
    if p.excluded:
        out.print("\n[bold]Left out:[/]")
    for x in p.excluded:
        out.print(f"  ✗ {escape(x.id)} ({x.item_class.value}): {escape(x.reason)}")
        if x.refs:
            out.print(f"    [dim]{escape(_refs(x.refs))}[/]")


def _item(out: Console, item: PlanItem) -> None:
    dose = f" — {dosage_text(item.dosage)}" if item.dosage else ""
    out.print(
        f"  [bold]{escape(item.name)}[/] [dim]({item.kind.value}, {item.id})[/]{escape(dose)}"
    )
    for why in item.why:
        out.print(f"    why: {escape(why)}")
    for note in item.precautions:
        out.print(f"    [yellow]precaution:[/] {escape(note)}")
    out.print(f"    [dim]{escape(_refs(item.refs))}[/]")


def dosage_text(d: Dosage) -> str:
    parts = [
        f"{d.sets} set(s)" if d.sets else "",
        f"{d.reps} reps" if d.reps else "",
        f"hold {d.hold_seconds} s" if d.hold_seconds else "",
        f"{d.minutes} min" if d.minutes else "",
        f"{d.per_day}×/day" if d.per_day else "",
        f"{d.per_week}×/week" if d.per_week else "",
    ]
    return ", ".join(p for p in parts if p)


def _refs(refs: tuple[str, ...]) -> str:
    return "refs: " + ", ".join(refs)
