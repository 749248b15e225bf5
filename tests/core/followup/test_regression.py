"""Regression steps back without dismantling the program (issue 17 item 8; clinical-notes
§6.4-6.5, §1.2 staying active, §3.2): undo the step that caused it, reduce rather than remove,
keep home walking at home, and keep the gentlest rung of a banned direction."""

from sciatica_pt import knowledge
from sciatica_pt.core.followup.models import Action, ItemStatus, LegSymptoms, NextMorning
from sciatica_pt.core.followup.review import review
from sciatica_pt.core.knowledge import Dosage

from .builders import day, done, good_day, item, kb, program

REAL = knowledge.load()


def statuses(result):
    return {i.item_id: i.status for i in result.program.items}


def test_a_worse_morning_undoes_the_step_up_that_came_before_it_not_every_exercise():
    stepped = item("core-brace", dosage=Dosage(sets=1, reps=10, per_day=1), since=day(3))
    start = program("ext-mid", items=(item("ext-mid"), stepped))
    worse = good_day(4, "ext-mid", "core-brace", next_morning=NextMorning.WORSE)
    result = review(start, [worse], [], kb(), day(4))
    assert result.program.item("core-brace").dosage.reps == 8  # the step up undone
    assert result.program.item("ext-mid") == start.item("ext-mid")  # untouched
    assert [d.item_id for d in result.decisions if d.action is Action.REGRESS_DOSE] == [
        "core-brace"
    ]


def test_regression_reduces_an_item_with_nowhere_easier_to_go_and_never_stops_it():
    days = [good_day(n, "core-brace", next_morning=NextMorning.WORSE) for n in (1, 2, 3)]
    result = review(program("core-brace"), days, [], kb(), day(3))
    brace = result.program.item("core-brace")
    assert brace.status is ItemStatus.REGRESSED
    assert brace.dosage.reps < 8  # below the starting dose, not removed
    assert not any(d.action is Action.STOP_ITEM for d in result.decisions)


def test_at_its_very_lowest_an_item_stays_and_the_therapist_is_told():
    checkin = good_day(1, "ext-easy", pain_during=8)
    result = review(program("ext-easy"), [checkin], [], kb(), day(2))
    assert result.program.items[0].status is not ItemStatus.STOPPED
    assert any("lowest" in a.message for a in result.alerts)


def walking(**changes):
    return item("walking-program", REAL, **changes)


def test_a_flare_reduces_home_walking_and_never_swaps_it_for_clinic_gait_training():
    start = program(items=(walking(),))
    flare = good_day(1, "walking-program", flare=True)
    result = review(start, [flare], [], REAL, day(1))
    walk = result.program.item("walking-program")
    assert walk is not None and walk.status is not ItemStatus.STOPPED
    assert walk.dosage.minutes < REAL.item("walking-program").dosage.minutes
    assert result.program.item("gait-training") is None


def test_walking_is_never_removed_by_the_pain_rules_only_reduced():
    start = program(items=(walking(dosage=Dosage(minutes=20, per_day=2, per_week=7)),))
    days = [good_day(n, "walking-program", next_morning=NextMorning.WORSE) for n in (1, 2, 3, 4)]
    result = review(start, days, [], REAL, day(4))
    walk = result.program.item("walking-program")
    assert walk is not None and walk.status is not ItemStatus.STOPPED
    assert result.program.item("gait-training") is None


def test_unexplained_spreading_reduces_walking_instead_of_stopping_it():
    start = program(items=(walking(), item("bird-dog", REAL)))
    spread = good_day(1, "walking-program", "bird-dog", leg_symptoms=LegSymptoms.PERIPHERALIZED)
    result = review(start, [spread], [], REAL, day(1))
    assert result.program.item("walking-program").status is not ItemStatus.STOPPED


def test_a_banned_direction_steps_back_to_its_gentlest_rung_instead_of_stopping():
    press = item("prone-press-up", REAL, since=day(1))  # stepped up into on day 1
    start = program(items=(press, item("bird-dog", REAL)))
    spread = good_day(
        2,
        items=(
            *done("prone-press-up", leg_symptoms=LegSymptoms.PERIPHERALIZED),
            *done("bird-dog"),
        ),
    )
    result = review(start, [spread], [], REAL, day(2))
    lying = result.program.item("prone-lying")
    assert lying is not None and lying.status is ItemStatus.REGRESSED
    assert result.program.item("prone-press-up") is None
    assert [b.direction for b in result.program.banned_directions] == ["extension"]
    assert result.program.banned_directions[0].kept == "prone-lying"
    # and it is not stepped back up the banned direction afterwards
    calm = [good_day(n, "prone-lying", "bird-dog") for n in range(3, 13)]
    later = review(result.program, calm, [], REAL, day(13))
    assert later.program.item("prone-lying").dosage == lying.dosage
    assert later.program.item("prone-on-elbows") is None


def test_a_rung_kept_during_a_flare_is_still_there_when_the_flare_ends():
    # prone lying centralised (day 1), then the press-up, regressed by the flare, spreads
    ids = ("prone-lying", "prone-press-up", "bird-dog")
    start = program(items=tuple(item(i, REAL) for i in ids))
    days = [
        good_day(1, *ids, back_pain=3, leg_pain=4, leg_symptoms=LegSymptoms.CENTRALIZED),
        good_day(2, *ids, back_pain=6, leg_pain=7, flare=True),
        good_day(
            3,
            items=(
                *done("prone-press-up", leg_symptoms=LegSymptoms.PERIPHERALIZED),
                *done("prone-lying", "bird-dog", leg_symptoms=LegSymptoms.SAME),
            ),
            back_pain=5,
            leg_pain=6,
        ),
    ]
    during = review(start, days, [], REAL, day(3)).program
    assert during.item("prone-lying") is not None and during.flare is not None
    live = [i.item_id for i in during.items if i.status is not ItemStatus.STOPPED]
    days += [
        good_day(4, *live, back_pain=3, leg_pain=4),
        good_day(5, *live, back_pain=2, leg_pain=3),
    ]
    result = review(during, days, [], REAL, day(5))
    assert any(d.action is Action.END_FLARE for d in result.decisions)
    lying = result.program.item("prone-lying")
    assert lying is not None and lying.status is not ItemStatus.STOPPED
    ids_now = [i.item_id for i in result.program.items]
    assert len(ids_now) == len(set(ids_now))


def test_two_worse_mornings_after_a_walking_increase_reduce_walking_and_nothing_else():
    # the case: the slider, bracing and home walking stay; walking is what went up
    walk = walking(dosage=Dosage(minutes=15, per_day=2, per_week=7), since=day(4))
    slider, brace = item("supine-sciatic-nerve-slider", REAL), item("abdominal-bracing", REAL)
    start = program(items=(walk, slider, brace))
    ids = ("walking-program", "supine-sciatic-nerve-slider", "abdominal-bracing")
    days = [good_day(n, *ids) for n in range(0, 5)]
    days += [good_day(n, *ids, next_morning=NextMorning.WORSE) for n in (5, 6)]
    result = review(start, days, [], REAL, day(6))
    after = {i.item_id: i for i in result.program.items}
    assert set(after) == set(ids)
    assert all(i.status is not ItemStatus.STOPPED for i in after.values())
    assert after["walking-program"].dosage.minutes < 15
    assert after["supine-sciatic-nerve-slider"] == slider
    assert after["abdominal-bracing"] == brace
    assert not any(a.rule == "adherence.low" for a in result.alerts)
