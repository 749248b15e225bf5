from django import template
from pydantic import ValidationError

from sciatica_pt.core.knowledge import Dosage
from sciatica_pt.core.words import dose_in_words, name_of, sentence_of

register = template.Library()

# An alert's rule is the clinic's source and the core's rule: `followup.flare`,
# `triage.urgent_referral`.
ALERT_RULE_FAMILY = {"followup": "followup_rule", "triage": "triage_level"}


@register.filter
def words(code: object, family: str | None = None) -> str:
    """A code's display name (core.words): `pt_appropriate` -> "Physical therapy is
    appropriate"; `{{ x|words:"shift_side" }}` names the family where a value is ambiguous."""
    return name_of(code, family)


@register.filter
def sentence(code: object, family: str | None = None) -> str:
    """A code's one plain sentence (core.words), or "" when there is none."""
    return sentence_of(code, family)


@register.filter
def dose(dosage: object) -> str:
    """A stored dose in words: {"reps": 10, "per_day": 6} -> "10 times, 6 times a day"."""
    if not dosage:
        return ""
    if isinstance(dosage, Dosage):
        return dose_in_words(dosage)
    try:
        return dose_in_words(Dosage.model_validate(dosage))
    except ValidationError:  # an old or odd row: each part named, never the raw keys
        parts = dosage.items() if isinstance(dosage, dict) else ()
        return ", ".join(f"{name_of(k, 'dosage_field')} {v}" for k, v in parts if v)


@register.filter
def item_name(item_id: object) -> str:
    """A knowledge-base item's name from its id (`home-heat-wrap` -> "Heat wrap at home")."""
    from sciatica_pt.clinic.services.clinic_exercises import item_name as name_from_id

    return name_from_id(str(item_id))


@register.filter
def alert_rule(rule: object) -> str:
    """An alert's rule in words: `followup.flare` -> the follow-up rule's name."""
    source, _, code = str(rule).partition(".")
    family = ALERT_RULE_FAMILY.get(source)
    return name_of(code, family) if family and code else name_of(rule)
