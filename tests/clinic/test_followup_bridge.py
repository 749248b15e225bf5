"""The follow-up engine runs after each check-in and its decisions reach the stored program."""

from __future__ import annotations

import datetime as dt

from sciatica_pt.clinic.models import ProgramItem
from sciatica_pt.clinic.services import checkins, programs
from tests.clinic.conftest import TODAY, checkin_doc


def _program(world):
    return programs.current_program(world.patient_a)


def _engine(world):
    from sciatica_pt.clinic.services.followup import engine_program

    program = _program(world)
    return engine_program(program, list(program.items.in_program()))


def test_the_engines_program_is_read_from_the_program_rows(world):
    state = _engine(world)
    assert state.start == TODAY
    live = ProgramItem.objects.live().filter(program=_program(world))
    assert [i.item_id for i in state.items if i.status != "stopped"] == list(
        live.values_list("item_id", flat=True)
    )


def test_every_check_in_is_reviewed_and_the_review_is_kept(world):
    review = _program(world).last_review
    assert review is not None and review["today"] == TODAY.isoformat()
    assert "adherence" in review


def test_a_peripheralizing_exercise_is_stopped_by_the_follow_up_rules(world):
    program = _program(world)
    exercise = program.items.live().filter(kind="exercise").first()
    later = TODAY + dt.timedelta(days=1)
    checkins.log(
        None,
        world.patient_a_user,
        checkin_doc(
            day=later.isoformat(), items_done=[exercise.item_id], leg_symptoms="peripheralized"
        ),
        later,
    )
    exercise.refresh_from_db()
    assert exercise.status == "stopped"
    assert "peripheralizes" in exercise.reason
    assert _program(world).version > program.version
    assert exercise.item_id not in {r.item_id for r in programs.current_items(world.patient_a)[1]}


def test_a_clinicians_dose_change_reaches_the_engines_program(world):
    program = _program(world)
    row = program.items.live().filter(dosage__isnull=False).first()
    programs.change_dose(
        None, world.therapist, world.patient_a, program.version, row.pk, {"sets": 2}
    )
    dosage = _engine(world).item(row.item_id).dosage
    assert dosage.model_dump(exclude_none=True) == {"sets": 2}


def test_a_check_in_dated_after_today_is_refused(world):
    import pytest

    from sciatica_pt.clinic.services.errors import InvalidInput

    later = TODAY + dt.timedelta(days=3)
    with pytest.raises(InvalidInput, match="is after today"):
        checkins.log(None, world.patient_a_user, checkin_doc(day=later.isoformat()), TODAY)


def test_the_therapist_sees_the_latest_review_on_the_patient_page(world):
    html = world.client("therapist").get(f"/patients/{world.patient_a.pk}/").content.decode()
    assert "Latest follow-up review" in html


def test_a_discharge_ready_review_shows_the_maintenance_program_and_flare_up_plan(world):
    program = _program(world)
    program.last_review = {
        **program.last_review,
        "discharge": {
            "maintenance": {"items": [{"name": "Brisk walking", "dosage": {"minutes": 20}}]},
            "flare_up_plan": ["Ease back to the last comfortable level for a few days."],
            "refs": ["NICE-NG59"],
        },
    }
    program.save(update_fields=["last_review"])
    html = world.client("therapist").get(f"/patients/{world.patient_a.pk}/").content.decode()
    assert "Ready for discharge" in html and "Brisk walking (20 minutes)" in html
    assert "Ease back to the last comfortable level" in html
