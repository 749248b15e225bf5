"""Starting a program from an assessment's plan."""

import pytest

from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.followup.models import ItemStatus, ProgramStatus
from sciatica_pt.core.followup.start import program_from_plan
from sciatica_pt.core.knowledge import Dosage
from sciatica_pt.core.result import Plan, PlanItem, PlanStatus
from sciatica_pt.core.vocabulary import Direction, ItemClass, Kind, Setting

from .builders import START


def plan(status=PlanStatus.ACTIVE):
    return Plan(
        status=status,
        items=(
            PlanItem(
                id="prone-lying",
                item_class=ItemClass.EXTENSION_DIRECTIONAL_EXERCISE,
                kind=Kind.EXERCISE,
                direction=Direction.EXTENSION,
                setting=Setting.HOME,
                name="Prone lying",
                dosage=Dosage(hold_seconds=120, reps=1, per_day=6),
                why=("Extension centralised the leg pain.",),
                refs=("May-2018",),
            ),
        ),
    )


def test_a_plan_becomes_an_active_program_at_its_planned_doses():
    made = program_from_plan(plan(), START, patient="PT-9")
    assert made.status is ProgramStatus.ACTIVE and made.start == START and made.patient == "PT-9"
    [first] = made.items
    assert (first.item_id, first.status, first.since) == ("prone-lying", ItemStatus.ACTIVE, START)
    assert first.dosage == Dosage(hold_seconds=120, reps=1, per_day=6)


def test_a_withheld_plan_cannot_start_a_program():
    with pytest.raises(InvalidInput) as caught:
        program_from_plan(plan(PlanStatus.WITHHELD), START)
    assert caught.value.problems[0].startswith("plan.status:")
