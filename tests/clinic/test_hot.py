"""The plain-SQL reads (clinic.hot) give the same instances the ORM gives."""

from __future__ import annotations

from django.db import connection
from django.db.models import signals
from django.test.utils import CaptureQueriesContext

from sciatica_pt.clinic import hot
from sciatica_pt.clinic.api.auth import digest, issue_token
from sciatica_pt.clinic.models import AuditEvent, Patient, Program, ProgramItem


def _values(instance, skip=()):
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.name not in skip
    }


def test_the_program_and_its_items_match_the_orms(world):
    program, items = hot.current_items(world.patient_a)
    orm = Program.objects.get(patient=world.patient_a, is_current=True)
    assert _values(program, hot.PROGRAM_DEFERRED) == _values(orm, hot.PROGRAM_DEFERRED)
    assert program._state.adding is False and program._state.db == "default"
    expected = list(orm.items.filter(status="active").order_by("position", "pk"))
    assert items and [_values(i) for i in items] == [_values(i) for i in expected]


def test_a_deferred_field_loads_on_first_access_and_an_instance_saves(world):
    program, items = hot.current_items(world.patient_a)
    assert "followup_state" not in program.__dict__
    orm = Program.objects.get(pk=program.pk)
    assert program.followup_state == orm.followup_state
    before = ProgramItem.objects.count()
    items[0].name = "Renamed on a hot instance"
    items[0].save()
    assert ProgramItem.objects.get(pk=items[0].pk).name == "Renamed on a hot instance"
    assert ProgramItem.objects.count() == before  # an update, not a new row


def test_the_tokens_user_comes_with_their_role(world):
    token = issue_token(world.patient_a_user, "t")
    user = hot.user_by_token(digest(token))
    assert user.pk == world.patient_a_user.pk
    assert user.patient_profile.pk == world.patient_a.pk
    assert user.patient_profile.user is user
    staff = hot.user_by_id(world.therapist.pk)
    assert staff.membership.clinic_id == world.clinic.pk
    assert hot.user_by_token(digest("not-a-token")) is None


def test_an_init_signal_receiver_makes_the_reads_use_the_models_own_constructor(world):
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.pk)

    signals.post_init.connect(receiver, sender=Patient)
    try:
        columns = hot.Columns(Patient, "p")
        row = [getattr(world.patient_a, f.attname) for f in columns.fields]
        built = columns.build(row)
    finally:
        signals.post_init.disconnect(receiver, sender=Patient)
    assert seen == [world.patient_a.pk] and built.pk == world.patient_a.pk
    assert hot.Columns(Patient, "p").direct is True


AUDIT = {
    "user": None,
    "username": "therapist",
    "clinic": None,
    "action": "read",
    "object_type": "program",
    "object_id": "",
    "patient_id": None,
    "ip": "127.0.0.1",
}


def _audited_read(patient):
    before = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as queries:
        program, items = hot.current_items_audited(patient, {**AUDIT, "patient_id": patient.pk})
    assert AuditEvent.objects.count() == before + 1
    return program, items, AuditEvent.objects.order_by("-id").first(), len(queries)


def test_the_audited_read_returns_the_program_and_its_row_names_it(world):
    program, items, row, statements = _audited_read(world.patient_a)
    expected, expected_items = hot.current_items(world.patient_a)
    assert program.pk == expected.pk and [i.pk for i in items] == [i.pk for i in expected_items]
    assert (row.object_type, row.object_id, row.patient_id) == (
        "program",
        str(program.pk),
        world.patient_a.pk,
    )
    assert (row.action, row.username, row.ip) == ("read", "therapist", "127.0.0.1")
    # One round trip on PostgreSQL (the row is written by the read's own statement).
    assert statements == (1 if connection.vendor == "postgresql" else 2)


def test_the_audited_read_of_a_patient_without_a_program_is_still_audited(world):
    Program.objects.filter(patient=world.patient_a).update(is_current=False)
    program, items, row, _ = _audited_read(world.patient_a)
    assert (program, items) == (None, [])
    assert (row.object_id, row.patient_id) == ("", world.patient_a.pk)


def test_the_audited_read_names_the_newest_current_program(world):
    older = Program.objects.get(patient=world.patient_a, is_current=True)
    newer = Program.objects.create(
        patient=world.patient_a, is_current=True, started_on=older.started_on
    )
    program, _, row, _ = _audited_read(world.patient_a)
    assert program.pk == newer.pk != older.pk
    assert row.object_id == str(newer.pk)


def test_a_row_of_the_wrong_width_is_refused_not_built(world):
    columns = hot.Columns(Patient, "p")
    row = [getattr(world.patient_a, f.attname) for f in columns.fields]
    for wrong in (row[:-1], [*row, None]):
        try:
            columns.build(wrong)
        except ValueError as exc:
            assert f"{len(wrong)} values for {len(row)} columns" in str(exc)
        else:
            raise AssertionError("built from a row of the wrong width")
