"""Directional preference from repeated movements (clinical-notes §3.2, May-2018, JOSPT-2012).

The direction that centralizes wins; a direction that peripheralizes is banned and can never be
the preference, even if another test in the same direction centralized. With two centralizing
directions, a lateral shift is corrected first (side-glide); otherwise none is chosen.
"""

from __future__ import annotations

from collections.abc import Mapping

from sciatica_pt.core.intake.assessment import Exam, Movement, Response, ShiftSide
from sciatica_pt.core.result import DirectionalPreference

Preference = DirectionalPreference
DIRECTION_OF: dict[Movement, Preference] = {
    Movement.EXTENSION_IN_LYING: Preference.EXTENSION,
    Movement.EXTENSION_IN_STANDING: Preference.EXTENSION,
    Movement.FLEXION_IN_LYING: Preference.FLEXION,
    Movement.FLEXION_IN_STANDING: Preference.FLEXION,
    Movement.FLEXION_IN_SITTING: Preference.FLEXION,
    Movement.SIDE_GLIDE_CORRECTION: Preference.LATERAL,
}
REFS = "[May-2018; JOSPT-2012]"


def directional_preference(exam: Exam) -> tuple[Preference, tuple[str, ...]]:
    tested = {m: r for m, r in exam.repeated_movements.items() if r is not Response.NOT_TESTED}
    if not tested:
        return Preference.UNKNOWN, (
            f"Directional preference unknown: no repeated movement was tested {REFS}.",
        )
    banned = _directions(tested, Response.PERIPHERALIZES)
    centralizing = [d for d in _directions(tested, Response.CENTRALIZES) if d not in banned]
    why = tuple(_banned_line(d) for d in banned)
    chosen, line = _choose(centralizing, exam.lateral_shift)
    return chosen, (line, *why)


def _directions(tested: Mapping[Movement, Response], response: Response) -> list[Preference]:
    found = [DIRECTION_OF[m] for m, r in tested.items() if r is response]
    return list(dict.fromkeys(found))


def _banned_line(direction: Preference) -> str:
    return (
        f"{direction.capitalize()} peripheralized symptoms: that direction is stopped and can "
        f"never be the preference until a clinician re-tests {REFS}."
    )


def _choose(centralizing: list[Preference], shift: ShiftSide | None) -> tuple[Preference, str]:
    if len(centralizing) == 1:
        only = centralizing[0]
        return only, f"Directional preference {only}: it centralized symptoms {REFS}."
    if not centralizing:
        return Preference.NONE, (
            f"No directional preference: no tested direction centralized symptoms {REFS}."
        )
    if Preference.LATERAL in centralizing and shift in (ShiftSide.LEFT, ShiftSide.RIGHT):
        return Preference.LATERAL, (
            f"Directional preference lateral: several directions centralized and there is a "
            f"{shift} lateral shift, which is corrected first (side-glide) before progressing "
            f"to extension {REFS}."
        )
    names = " and ".join(centralizing)
    return Preference.NONE, (
        f"No single directional preference: {names} both centralized and no lateral shift "
        f"decides between them; re-test before choosing a direction {REFS}."
    )
