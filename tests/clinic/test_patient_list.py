"""The therapist's patient list: alerts first, and a query count that does not grow."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sciatica_pt.clinic.models import Patient


def _add_patients(world, n):
    Patient.objects.bulk_create(
        Patient(clinic=world.clinic, therapist=world.therapist.membership, display_name=f"P{i:03}")
        for i in range(n)
    )


def _queries(world):
    client = world.client("therapist")
    client.get("/patients/")  # warm the session
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/patients/").status_code == 200
    return len(ctx.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_number_of_patients(world):
    _add_patients(world, 10)
    at_10 = _queries(world)
    _add_patients(world, 40)
    at_50 = _queries(world)
    assert at_50 == at_10


def test_patients_with_open_alerts_come_first(world):
    _add_patients(world, 5)
    html = world.client("therapist").get("/patients/").content.decode()
    assert html.index(world.patient_a.display_name) < html.index("P000")


def test_the_list_never_shows_another_clinics_patients(world):
    html = world.client("other_therapist").get("/patients/").content.decode()
    assert world.patient_a.display_name not in html and "No patients yet" in html


def test_the_patients_program_from_the_api_takes_a_handful_of_queries(
    world, django_assert_max_num_queries
):
    from sciatica_pt.clinic.api.auth import issue_token

    headers = {"Authorization": f"Bearer {issue_token(world.patient_a_user, 'q')}"}
    client = world.client("anonymous")
    with django_assert_max_num_queries(3):  # token+user+role, program with items, audit insert
        assert client.get("/api/me/program", headers=headers).status_code == 200


def test_names_in_the_list_are_escaped(world):
    Patient.objects.create(clinic=world.clinic, display_name="<script>alert(1)</script>")
    html = world.client("therapist").get("/patients/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_warning_sign_outranks_any_number_of_lesser_alerts_and_says_what_it_is(world):
    from sciatica_pt.clinic.models import Severity
    from sciatica_pt.clinic.services import alerts

    lesser, urgent = Patient.objects.bulk_create(
        Patient(clinic=world.clinic, therapist=world.therapist.membership, display_name=name)
        for name in ("Aaron Lesser", "Zoe Urgent")
    )
    for n in range(3):
        alerts.raise_alert(lesser, "adherence.low", Severity.INFO, f"Low adherence {n}.", "", [])
    alerts.raise_alert(
        urgent, "checkin.warning-sign", Severity.CRITICAL, "Saddle numbness reported.", "", []
    )
    html = world.client("therapist").get("/patients/").content.decode()
    assert html.index("Zoe Urgent") < html.index("Aaron Lesser")
    assert "critical: 1 open alert" in html and "Saddle numbness reported." in html
    assert "info: 3 open alerts" in html


def test_acknowledging_the_critical_alert_lowers_the_patient_to_the_next_one(world):
    from sciatica_pt.clinic.models import Alert, Severity
    from sciatica_pt.clinic.services import alerts

    patient = Patient.objects.create(clinic=world.clinic, display_name="Pat Two")
    alerts.raise_alert(patient, "a", Severity.WARNING, "Peripheralized.", "", [])
    critical = alerts.raise_alert(patient, "b", Severity.CRITICAL, "Bladder change.", "", [])
    alerts.acknowledge(None, world.therapist, patient, critical.pk)
    patient.refresh_from_db()
    assert (patient.open_alerts, patient.alert_level, patient.alert_summary) == (
        1,
        2,
        "Peripheralized.",
    )
    assert Alert.objects.filter(patient=patient, status="open").count() == 1


def test_a_patient_who_stopped_logging_comes_before_one_who_needs_nothing(world):
    import datetime as dt

    from sciatica_pt.clinic.services.patients import STOPPED_LOGGING_DAYS
    from sciatica_pt.clinic.views.common import today

    recent = today() - dt.timedelta(days=1)
    quiet = today() - dt.timedelta(days=STOPPED_LOGGING_DAYS)
    Patient.objects.bulk_create(
        [
            Patient(clinic=world.clinic, display_name="Amy Fine", last_checkin_on=recent),
            Patient(clinic=world.clinic, display_name="Zed Quiet", last_checkin_on=quiet),
        ]
    )
    html = world.client("therapist").get("/patients/").content.decode()
    assert html.index("Zed Quiet") < html.index("Amy Fine")
    assert "stopped logging" in html[html.index("Zed Quiet") : html.index("Amy Fine")]


def test_discharged_patients_come_after_active_ones_on_every_database(world):
    import datetime as dt

    from sciatica_pt.clinic.views.common import today

    recent = today() - dt.timedelta(days=1)
    Patient.objects.bulk_create(
        [
            Patient(
                clinic=world.clinic,
                display_name="Aaa Discharged",
                discharged_on=recent,
                last_checkin_on=recent,
            ),
            Patient(clinic=world.clinic, display_name="Zzz Active", last_checkin_on=recent),
        ]
    )
    html = world.client("therapist").get("/patients/").content.decode()
    assert html.index("Zzz Active") < html.index("Aaa Discharged")
