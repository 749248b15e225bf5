"""A program has one source and every write to it takes its row lock and raises its version:
a patient's check-in racing a therapist's dose edit loses neither (real threads, a real
database, committed transactions; on SQLite and, with TEST_DATABASE_URL, on PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection

from sciatica_pt.clinic.models import CheckIn, Program, ProgramItem
from sciatica_pt.clinic.services import checkins, programs
from sciatica_pt.clinic.services.errors import StaleVersion
from tests.clinic.conftest import TODAY, checkin_doc

ROUNDS = 100


def _run_together(*jobs: Any) -> list[Any]:
    """Run the jobs in threads started at one barrier; each result or exception, in order."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(index: int, job: Any) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except BaseException as exc:  # reported by the caller
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, job)) for n, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _dose_edit(world: Any, row_pk: int, sets: int) -> Any:
    """The therapist's edit as a person makes it: read the version, send the change; a stale
    version is refused, and they try again on the program as it now is."""
    version = Program.objects.get(patient=world.patient_a, is_current=True).version

    def edit() -> Any:
        try:
            return programs.change_dose(
                None, world.therapist, world.patient_a, version, row_pk, {"sets": sets}
            )
        except StaleVersion:
            fresh = Program.objects.get(patient=world.patient_a, is_current=True).version
            return programs.change_dose(
                None, world.therapist, world.patient_a, fresh, row_pk, {"sets": sets}
            )

    return edit


@pytest.mark.django_db(transaction=True)
def test_a_check_in_racing_a_dose_edit_loses_nothing_in_100_tries(world):
    row = ProgramItem.objects.live().filter(program__patient=world.patient_a, kind="exercise")
    row = row.exclude(dosage=None).first()
    for n in range(1, ROUNDS + 1):
        day = TODAY + dt.timedelta(days=n)
        sets = 2 + n % 2
        doc = checkin_doc(day=day.isoformat(), notes=f"round {n}")
        before = Program.objects.get(patient=world.patient_a, is_current=True).version
        logged, edited = _run_together(
            lambda doc=doc, day=day: checkins.log(None, world.patient_a_user, doc, day),
            _dose_edit(world, row.pk, sets),
        )
        assert not isinstance(logged, BaseException), (n, logged)
        assert not isinstance(edited, BaseException), (n, edited)
        program = Program.objects.get(patient=world.patient_a, is_current=True)
        # The check-in's review is kept: the engine reviewed through this day ...
        assert program.followup_state["reviewed_through"] == day.isoformat(), n
        assert program.last_review["today"] == day.isoformat(), n
        # ... and the therapist's dose is kept, whichever came first.
        assert ProgramItem.objects.get(pk=row.pk).dosage == {"sets": sets}, n
        assert program.version == before + 2, n  # each write raised it once
    assert CheckIn.objects.filter(patient=world.patient_a, day__gt=TODAY).count() == ROUNDS


@pytest.mark.django_db(transaction=True)
def test_an_edit_that_started_before_a_check_in_is_refused_not_applied_over_it(world):
    program = Program.objects.get(patient=world.patient_a, is_current=True)
    row = program.items.live().exclude(dosage=None).first()
    later = TODAY + dt.timedelta(days=1)
    checkins.log(None, world.patient_a_user, checkin_doc(day=later.isoformat()), later)
    with pytest.raises(StaleVersion):
        programs.change_dose(
            None, world.therapist, world.patient_a, program.version, row.pk, {"sets": 9}
        )
    assert ProgramItem.objects.get(pk=row.pk).dosage == row.dosage
