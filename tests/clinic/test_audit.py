"""The audit log: every read and write of patient data, viewable by the clinic's admin;
and no patient data in application logs."""

from __future__ import annotations

import logging

import pytest
from django.conf import settings
from django.test import Client

from sciatica_pt.clinic.models import AuditEvent, Role
from tests.clinic.conftest import _staff, assessment_doc, checkin_doc


def test_reading_a_patient_page_is_audited_with_who_and_from_where(world):
    world.client("therapist").get(f"/patients/{world.patient_a.pk}/", REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.filter(action="read", object_type="patient").first()
    assert event.username == "tess" and event.patient_id == world.patient_a.pk
    assert event.ip == "10.1.2.3"


def test_writes_through_the_api_are_audited(world):
    client = world.client("patient_a_user")
    client.post("/api/me/checkins", checkin_doc(), content_type="application/json")
    assert AuditEvent.objects.filter(
        action="write", object_type="checkin", username="pat-a"
    ).exists()


def test_audit_events_are_append_only(world):
    event = AuditEvent.objects.first()
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


def test_the_admin_sees_the_audit_log_and_a_therapist_does_not(world):
    world.client("therapist").get(f"/patients/{world.patient_a.pk}/")
    page = world.client("admin").get("/audit/")
    assert page.status_code == 200 and b"tess" in page.content
    assert world.client("therapist").get("/audit/").status_code == 403


def test_the_admins_log_is_the_clinics_own_events_newest_first(world):
    world.client("therapist").get(f"/patients/{world.patient_a.pk}/")
    world.client("other_therapist").get("/patients/")  # another clinic's event
    world.client("therapist2").get("/patients/")
    html = world.client("admin").get("/audit/").content.decode()
    assert html.index("theo") < html.index("tess") and "oscar" not in html


def test_the_admins_log_shows_what_a_patient_read_and_wrote_themselves(world):
    patient = world.client("patient_a_user")
    patient.get("/me/")
    patient.get("/api/me/program")
    patient.post("/api/me/checkins", checkin_doc(), content_type="application/json")
    own = AuditEvent.objects.filter(user=world.patient_a_user)
    assert {(e.action, e.object_type) for e in own} >= {("read", "program"), ("write", "checkin")}
    assert {e.clinic_id for e in own} == {world.clinic.pk}
    html = world.client("admin").get("/audit/").content.decode()
    assert world.patient_a_user.username in html
    other_clinic = world.other_therapist.membership.clinic
    other_admin = _staff("olga", other_clinic, Role.ADMIN)
    client = Client()
    client.force_login(other_admin, backend=settings.SCIATICA_PT_LOGIN_BACKEND)
    other = client.get("/audit/")
    assert other.status_code == 200
    assert world.patient_a_user.username not in other.content.decode()


def test_the_admins_log_is_read_from_one_index_in_order_on_sqlite(world):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's plan depends on its statistics")
    events = AuditEvent.objects.filter(clinic_id=world.clinic.pk)[:100]
    plan = events.explain()
    assert "clinic_audit_newest" in plan and "TEMP B-TREE" not in plan, plan


def test_an_audit_row_costs_four_indexes_no_more(db):
    """Every read writes a row: an index added here slows every request (bench/web)."""
    from django.db import connection

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, AuditEvent._meta.db_table)
    indexed = sorted(
        tuple(c["columns"]) for c in constraints.values() if c["index"] or c["primary_key"]
    )
    assert indexed == [("clinic_id", "at", "id"), ("id",), ("patient_id",), ("user_id",)]


def test_a_patients_name_never_appears_in_the_logs_during_a_journey(world, caplog):
    caplog.set_level(logging.DEBUG)
    # Some of our loggers do not propagate to the root: listen to them directly too.
    for logger_name in ("sciatica_pt.audit", "django.request", "django.server", "axes"):
        logging.getLogger(logger_name).addHandler(caplog.handler)
        logging.getLogger(logger_name).setLevel(logging.DEBUG)
    name = world.patient_a.display_name
    therapist, patient = world.client("therapist"), world.client("patient_a_user")
    pid = world.patient_a.pk
    therapist.get("/patients/")
    therapist.get(f"/patients/{pid}/")
    therapist.post(
        f"/api/patients/{pid}/assessments", assessment_doc(), content_type="application/json"
    )
    therapist.post(f"/patients/{pid}/assess/", {"patient.age": "not a number"})
    patient.get("/me/")
    patient.post(
        "/api/me/checkins", checkin_doc(saddle_numbness=True), content_type="application/json"
    )
    therapist.get(f"/api/patients/{pid}")
    therapist.get("/api/patients/999999")
    assert caplog.records, "the journey should have logged something"
    assert all(name not in record.getMessage() for record in caplog.records)
    assert name not in caplog.text


def test_migration_0008_gives_a_patients_earlier_rows_their_clinic_and_nothing_else(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("sciatica_pt.clinic.migrations.0008_audit_patient_clinic")
    common = {"action": "read", "object_type": "program", "object_id": "1"}
    patients = AuditEvent.objects.create(user=world.patient_a_user, clinic=None, **common)
    anonymous = AuditEvent.objects.create(user=None, clinic=None, **common)
    staff = AuditEvent.objects.create(user=world.therapist, clinic=world.clinic, **common)
    migration.patients_clinic(apps, None)
    patients.refresh_from_db(), anonymous.refresh_from_db(), staff.refresh_from_db()
    assert patients.clinic_id == world.clinic.pk
    assert anonymous.clinic_id is None and staff.clinic_id == world.clinic.pk
    assert AuditEvent.objects.filter(pk__in=[patients.pk, anonymous.pk, staff.pk]).count() == 3
