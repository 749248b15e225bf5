"""Discharge readiness: goals met, stable, independent -> maintenance program + flare-up plan."""

from sciatica_pt.core.followup.models import Action, Measure
from sciatica_pt.core.followup.review import review

from .builders import GOALS, day, good_day, item, kb, program, score

IMPROVED = [score(0, Measure.PSFS, 3), score(40, Measure.PSFS, 7.5)]


def steady(first=28, last=42):
    # 3 sessions a day logged (ext-mid is prescribed twice a day), every day calm
    return [good_day(n, "ext-mid", "core-brace") for n in range(first, last)]


def ready(**changes):
    return review(
        program("ext-mid", "core-brace", goals=GOALS, **changes), steady(), IMPROVED, kb(), day(42)
    )


def test_a_patient_ready_for_discharge_gets_a_maintenance_program_and_a_flare_up_plan():
    result = ready()
    assert any(d.action is Action.DISCHARGE for d in result.decisions)
    plan = result.discharge
    assert plan is not None and plan.flare_up_plan
    for kept in plan.maintenance.items:
        assert kept.dosage.per_day is None and kept.dosage.per_week <= 3
        current = result.program.item(kept.item_id)
        assert kept.dosage.hold_seconds == current.dosage.hold_seconds  # same session dose


def test_the_maintenance_program_keeps_at_most_four_exercises():
    many = review(
        program("ext-mid", "core-brace", "flex-sit", "ext-easy", "ext-hard", goals=GOALS),
        [
            good_day(n, "ext-mid", "core-brace", "flex-sit", "ext-easy", "ext-hard")
            for n in range(28, 42)
        ],
        IMPROVED,
        kb(),
        day(42),
    )
    assert many.discharge is not None and len(many.discharge.maintenance.items) == 4
    # the test knowledge base has no care steps: only the exercises are kept


def test_a_recent_flare_means_not_yet_stable():
    days = steady()
    days[3] = days[3].model_copy(update={"flare": True})
    result = review(program("ext-mid", "core-brace", goals=GOALS), days, IMPROVED, kb(), day(42))
    assert result.discharge is None


def test_low_adherence_means_not_yet_independent():
    days = steady(first=36)
    result = review(program("ext-mid", "core-brace", goals=GOALS), days, IMPROVED, kb(), day(42))
    assert result.discharge is None


def test_goals_not_met_means_no_discharge():
    flat = [score(0, Measure.PSFS, 3), score(40, Measure.PSFS, 4)]
    result = review(program("ext-mid", "core-brace", goals=GOALS), steady(), flat, kb(), day(42))
    assert result.discharge is None


def test_the_maintenance_program_adds_the_knowledge_bases_self_management_care_steps():
    from sciatica_pt import knowledge
    from sciatica_pt.core.followup.discharge import maintenance

    real = knowledge.load()
    kept = maintenance(program(items=(item("prone-lying", real),)), day(42), real)
    assert [i.item_id for i in kept.items] == [
        "prone-lying",
        "discharge-self-management",
        "flare-up-plan",
    ]
