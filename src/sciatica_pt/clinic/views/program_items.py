"""The program page's exercise cards, rendered in Python: the patient's busiest page, where
the template engine spent more time on the cards than the request spent on everything else.
Every text value goes through escape(), exactly as a template would; the knowledge base's
instructions come pre-rendered (and escaped) by the template `_instructions.html`."""

from __future__ import annotations

import html
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from sciatica_pt.clinic.templatetags.clinic_tags import words


def escape(text: object) -> str:
    """As django.utils.html.escape (which is html.escape of str()), without its lazy-string
    wrapper, a third of the cost of rendering a row."""
    return html.escape(str(text))


def _dose(dosage: dict[str, Any] | None) -> str:
    if not dosage:
        return ""
    parts = "".join(
        f"<span>{escape(words(k))}: <strong>{escape(v)}</strong></span> " for k, v in dosage.items()
    )
    return f'\n  <p class="dose">{parts}</p>'


def _card(row: Any, instructions: str | None) -> str:
    why = "".join(f"<li>{escape(w)}</li>" for w in row.why)
    body = instructions or f"<ul>{why}</ul>"
    return f'<li class="card"><h2>{escape(row.name)}</h2>{_dose(row.dosage)}\n  {body}\n</li>'


def cards(shown: list[dict[str, Any]]) -> SafeString:
    """`shown`: {"row": a ProgramItem, "instructions": pre-rendered HTML or None} each."""
    return mark_safe("\n".join(_card(x["row"], x["instructions"]) for x in shown))  # escaped
