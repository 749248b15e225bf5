"""The plain-SQL reads (clinic.hot) give the same instances the ORM gives."""

from __future__ import annotations

from django.db.models import signals

from sciatica_pt.clinic import hot
from sciatica_pt.clinic.api.auth import digest, issue_token
from sciatica_pt.clinic.models import Patient, Program, ProgramItem


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
