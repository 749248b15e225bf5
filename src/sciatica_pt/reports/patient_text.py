"""Words for patients, shared by the handout, the calendar and the web downloads.

In our own words, from the sources named beside each block (keys in references.yaml). Each
knowledge-base item carries the patient's wording (`instructions`) beside the clinician's
(`clinician`), and patient-facing output uses only the patient's; these are the lines no single
item carries (the warning box, the flare-up plan, the disclaimer).
"""

from __future__ import annotations

from sciatica_pt.core.knowledge import Dosage
from sciatica_pt.core.words import dose_in_words

# Cauda equina and progressive deficit warning signs: any single one, new, means go now
# (clinical-notes §2.1-2.2; GIRFT-CES, BMJ-BP-CES, NHS-Lothian).
WARNING_SIGNS = (
    (
        "Numbness or tingling around your genitals, back passage or inner thighs (where you "
        "would sit on a saddle)."
    ),
    "New trouble passing urine, holding urine or stool, or not feeling when your bladder is full.",
    "New loss of sexual sensation or function.",
    "Leg pain, numbness or weakness that has spread to both legs.",
    "Weakness in a leg or foot that is getting worse, such as tripping or a foot that slaps down.",
)
WARNING_SUMMARY = (
    "Warning signs: numbness around the genitals or back passage; new bladder, bowel or sexual "
    "problems; leg symptoms in both legs; leg weakness that is getting worse."
)
WARNING_ACTION = (
    "Any one of these is enough. Stop your exercises and go to an emergency department now, "
    "day or night. Do not wait for your next appointment."
)
WARNING_REFS = ("GIRFT-CES", "BMJ-BP-CES", "NHS-Lothian")

# Flare-ups: cut back but keep moving, go back to what eased it (clinical-notes §6; NICE-NG59,
# DK-2018, Lancet-2018).
FLARE_UP_PLAN = (
    "Flare-ups are common and usually settle within days. They do not mean new damage.",
    "Go back to the easiest version of your exercises and to the positions that ease your leg.",
    "Leave out, for now, any exercise that sends pain further down your leg.",
    "Keep moving gently through the day, for example short walks. Long bed rest does not help.",
    "Step back up to your usual program as it settles, one exercise at a time.",
    "If a flare-up does not settle within a week or two, contact your therapist.",
)
FLARE_UP_REFS = ("NICE-NG59", "DK-2018", "Lancet-2018")

DISCLAIMER = (
    "This handout supports the care of your physiotherapist; it is not a diagnosis and does not "
    "replace their advice. If you are unsure about an exercise, stop and ask them."
)


def dose_text(dosage: Dosage | None) -> str:
    """A dose as a sentence for patients: '10 times, 6 times a day.' (core.words says it)."""
    text = dose_in_words(dosage)
    if not text:
        return "As your therapist showed you."
    return text[:1].upper() + text[1:] + "."
