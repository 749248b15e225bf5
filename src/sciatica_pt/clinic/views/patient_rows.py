"""The patient list's table rows, rendered in Python: the list is the busiest staff page and
the template engine spent more time on its 50 rows than everything else together. Every
value goes through format_html, so it is escaped exactly as a template would."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from sciatica_pt.clinic.services.patients import Row

STOPPED = mark_safe('<span class="tag warn">stopped logging</span>')
NONE = mark_safe('<span class="muted">none</span>')
DISCHARGED = mark_safe(' <span class="tag">discharged</span>')


def _attention(row: Row) -> SafeString:
    n = row.patient.open_alerts
    parts = []
    if n:
        parts.append(
            format_html('<span class="tag alert">{} open alert{}</span>', n, "s" if n > 1 else "")
        )
    if row.stopped_logging:
        parts.append(STOPPED)
    if not parts:
        parts.append(NONE)
    return format_html_join(" ", "{}", ((p,) for p in parts))


def _therapist(row: Row) -> str:
    therapist = row.patient.therapist
    if therapist is None:
        return "—"
    return therapist.user.get_full_name() or therapist.user.get_username()


def _cells(row: Row) -> tuple[object, ...]:
    p = row.patient
    discharged = DISCHARGED if p.discharged_on else ""
    return (
        "attention" if row.needs_attention else "",
        reverse("patient_detail", args=[p.pk]),
        p.display_name,
        discharged,
        _attention(row),
        p.last_checkin_on.isoformat() if p.last_checkin_on else "never",
        _therapist(row),
    )


def table_rows(rows: list[Row]) -> SafeString:
    return format_html_join(
        "\n",
        '<tr class="{}"><th scope="row"><a href="{}">{}</a>{}</th><td>{}</td><td>{}</td>'
        "<td>{}</td></tr>",
        (_cells(row) for row in rows),
    )
