from django import template

from sciatica_pt.core.words import name_of

register = template.Library()


@register.filter
def words(code: object, family: str | None = None) -> str:
    """A code's display name (core.words): `pt_appropriate` -> "Physical therapy is
    appropriate"; `{{ x|words:"shift_side" }}` names the family where a value is ambiguous."""
    return name_of(code, family)
