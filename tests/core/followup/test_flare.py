"""Flare-up mode: declared, regressed, therapist alerted, stepped back up when it settles."""

from sciatica_pt.core.followup.models import Action, ProgramStatus, Severity
from sciatica_pt.core.followup.review import review
from sciatica_pt.core.knowledge import Dosage

from .builders import day, good_day, item, kb, program

RAISED = Dosage(hold_seconds=120, reps=1, per_day=2)


def flared():
    before = program(items=(item("ext-mid", dosage=RAISED), item("core-brace")))
    checkins = [
        good_day(1, "ext-mid", back_pain=3, leg_pain=4),
        good_day(2, "ext-mid", back_pain=6, leg_pain=7, flare=True),
    ]
    return before, checkins, review(before, checkins, [], kb(), day(2))


def test_a_declared_flare_regresses_the_program_and_alerts_the_therapist():
    _, _, result = flared()
    assert result.program.status is ProgramStatus.FLARE
    by_id = {i.item_id: i for i in result.program.items}
    assert by_id["ext-mid"].dosage.hold_seconds == 60
    # core-brace is at its starting dose with nothing easier: a flare reduces it, never stops it
    assert by_id["core-brace"].status == "regressed" and by_id["core-brace"].dosage.reps == 6
    start = [d for d in result.decisions if d.action is Action.START_FLARE]
    assert start and "flare-up plan" in start[0].why and start[0].refs
    assert any(a.rule == "flare.start" and a.severity is Severity.WARNING for a in result.alerts)


def test_the_program_steps_back_up_when_symptoms_settle():
    _, checkins, during = flared()
    calm = [
        good_day(3, "ext-mid", back_pain=3, leg_pain=4),
        good_day(4, "ext-mid", back_pain=2, leg_pain=3),
    ]
    result = review(during.program, [*checkins, *calm], [], kb(), day(4))
    assert result.program.status is ProgramStatus.ACTIVE
    assert result.program.flare is None
    assert result.program.item("ext-mid").dosage == RAISED
    assert any(d.action is Action.END_FLARE for d in result.decisions)


def test_one_calm_day_is_not_enough_to_end_a_flare():
    _, checkins, during = flared()
    calm = [good_day(3, "ext-mid", back_pain=3, leg_pain=4)]
    result = review(during.program, [*checkins, *calm], [], kb(), day(3))
    assert result.program.status is ProgramStatus.FLARE


def test_pain_above_the_pre_flare_level_keeps_the_flare_going():
    _, checkins, during = flared()
    still = [
        good_day(3, "ext-mid", back_pain=5, leg_pain=6),
        good_day(4, "ext-mid", back_pain=5, leg_pain=6),
    ]
    result = review(during.program, [*checkins, *still], [], kb(), day(4))
    assert result.program.status is ProgramStatus.FLARE


def test_nothing_progresses_during_a_flare():
    _, checkins, during = flared()
    still = [good_day(n, "ext-mid", back_pain=6, leg_pain=7) for n in range(3, 9)]
    result = review(during.program, [*checkins, *still], [], kb(), day(9))
    assert not [d for d in result.decisions if d.action.startswith("progress")]


def test_the_flare_up_plan_is_given_while_the_flare_lasts_and_names_the_emergency_signs():
    _, _, result = flared()
    assert result.flare_up_plan
    assert "emergency department now" in result.flare_up_plan[-1]


def test_the_knowledge_bases_flare_up_plan_is_used_when_it_has_one():
    from sciatica_pt import knowledge
    from sciatica_pt.core.followup.flare import flare_plan

    real = knowledge.load()
    lines, refs = flare_plan(real)
    assert lines[0] == real.item("flare-up-plan").instructions.summary
    assert set(refs) <= {r.key for r in real.references}


def test_a_flare_that_has_not_settled_after_two_weeks_goes_back_to_the_therapist():
    _, checkins, during = flared()
    still = [good_day(n, "ext-mid", back_pain=6, leg_pain=7) for n in range(3, 17)]
    result = review(during.program, [*checkins, *still], [], kb(), day(16))
    assert any(a.rule == "flare.not-settling" for a in result.alerts)
    early = review(during.program, [*checkins, *still[:5]], [], kb(), day(8))
    assert not any(a.rule == "flare.not-settling" for a in early.alerts)
