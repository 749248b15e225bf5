"""The therapist's patient list: alerts first, and a query count that does not grow."""

from __future__ import annotations

import datetime as dt

import pytest
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


def test_the_patients_program_from_the_api_reads_the_same_queries_whatever_its_history(world):
    from sciatica_pt.clinic.api.auth import issue_token
    from sciatica_pt.clinic.services import checkins
    from tests.clinic.conftest import TODAY, checkin_doc

    headers = {"Authorization": f"Bearer {issue_token(world.patient_a_user, 'q')}"}
    client = world.client("anonymous")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/me/program", headers=headers).status_code == 200
        return len(ctx.captured_queries)

    before = queries()
    later = TODAY + dt.timedelta(days=15)  # check-ins from the program's start on
    for ahead in range(1, 15):
        day = TODAY + dt.timedelta(days=ahead)
        checkins.log(None, world.patient_a_user, checkin_doc(day=day.isoformat()), later)
    assert queries() == before


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


def _quiet_world(world, today):
    import datetime as dt

    def ago(days):
        return today - dt.timedelta(days=days)

    made = Patient.objects.bulk_create(
        [
            Patient(clinic=world.clinic, display_name="Six", last_checkin_on=ago(6)),
            Patient(clinic=world.clinic, display_name="Seven", last_checkin_on=ago(7)),
            Patient(clinic=world.clinic, display_name="Eight", last_checkin_on=ago(8)),
            Patient(clinic=world.clinic, display_name="Never"),
            Patient(
                clinic=world.clinic,
                display_name="Gone",
                last_checkin_on=ago(30),
                discharged_on=ago(20),
            ),
        ]
    )
    return {p.display_name: p.pk for p in made}


def _flags(world, ids, today):
    from sciatica_pt.clinic.services.patients import listing_rows, rows

    shown = rows(list(listing_rows(world.therapist, today)))
    return {r.display_name: r.stopped_logging for r in shown if r.pk in ids.values()}


def test_the_lists_stopped_logging_agrees_with_the_core_at_the_seven_day_boundary(world):
    import datetime as dt

    from sciatica_pt.core.followup.adherence import stopped_logging

    today = dt.date(2026, 3, 10)
    ids = _quiet_world(world, today)
    flags = _flags(world, ids, today)
    for name, days in (("Six", 6), ("Seven", 7), ("Eight", 8)):
        assert flags[name] is stopped_logging(today - dt.timedelta(days=days), today), name
    assert (flags["Six"], flags["Seven"], flags["Never"], flags["Gone"]) == (
        False,
        True,
        False,
        False,
    )


def test_stopped_logging_follows_the_date_and_the_patients_next_check_in(world):
    import datetime as dt

    today = dt.date(2026, 3, 10)
    ids = _quiet_world(world, today)
    assert _flags(world, ids, today + dt.timedelta(days=1))["Six"] is True  # six became seven
    Patient.objects.filter(pk=ids["Seven"]).update(last_checkin_on=today)  # logged again
    Patient.objects.filter(pk=ids["Eight"]).update(discharged_on=today)
    flags = _flags(world, ids, today + dt.timedelta(days=1))
    assert (flags["Seven"], flags["Eight"]) == (False, False)


def test_reading_the_list_writes_nothing_about_patients(world):
    import datetime as dt

    from sciatica_pt.clinic.services.patients import listing_rows

    ids = _quiet_world(world, dt.date(2026, 3, 10))
    before = list(Patient.objects.filter(pk__in=ids.values()).order_by("pk").values())
    with CaptureQueriesContext(connection) as ctx:
        list(listing_rows(world.therapist, dt.date(2026, 3, 10)))
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in ctx.captured_queries)
    assert list(Patient.objects.filter(pk__in=ids.values()).order_by("pk").values()) == before


def test_the_apis_list_refuses_a_page_out_of_range_instead_of_moving_it(world):
    client = world.client("therapist")
    assert client.get("/api/patients?page=1").status_code == 200
    for page in ("0", "-3", "10001"):
        response = client.get(f"/api/patients?page={page}")
        assert response.status_code == 422, page
        assert response.json()["detail"] == [f"page: {page} is not between 1 and 10000"]
    assert client.get("/api/patients?page=two").status_code == 422


@pytest.mark.parametrize("url", ["/patients/", "/audit/"])
def test_a_page_number_outside_the_list_is_refused_not_moved(world, url):
    client = world.client("admin")
    assert client.get(url).status_code == 200
    assert client.get(url + "?page=1").status_code == 200
    for raw in ("0", "2", "abc", "-1", "9" * 30):
        response = client.get(url + f"?page={raw}")
        html = response.content.decode()
        assert response.status_code == 400, (url, raw)
        assert f"page: &#x27;{raw}&#x27; is not a page of this list (1 to 1)" in html, html
        assert "<tbody>" not in html  # no rows shown in place of the page asked for


def _row_of(html: str, name: str) -> str:
    start = html.rindex("<tr", 0, html.index(name))
    return html[start : html.index("</tr>", start)]


def test_each_row_says_what_needs_attention_and_when_the_patient_last_logged(world):
    """Every kind of row as the therapist reads it: an open alert with stopped logging, only
    stopped logging, nothing (with the day of the last check-in), and never logged."""
    from sciatica_pt.clinic.models import Severity
    from sciatica_pt.clinic.services import alerts
    from sciatica_pt.clinic.services.patients import STOPPED_LOGGING_DAYS
    from sciatica_pt.clinic.views.common import today

    quiet = today() - dt.timedelta(days=STOPPED_LOGGING_DAYS)
    recent = today() - dt.timedelta(days=1)
    both, *_others = Patient.objects.bulk_create(
        Patient(clinic=world.clinic, display_name=name, last_checkin_on=day)
        for name, day in (
            ("Ann Both", quiet),
            ("Bob Stopped", quiet),
            ("Cat Fine", recent),
            ("Dan Never", None),
        )
    )
    alerts.raise_alert(both, "a", Severity.WARNING, "Leg pain spreading.", "", [])
    alerts.raise_alert(both, "b", Severity.INFO, "Low adherence.", "", [])
    html = world.client("therapist").get("/patients/").content.decode()
    row = _row_of(html, "Ann Both")
    assert 'class="attention"' in row and "warning: 2 open alerts" in row
    assert "Leg pain spreading." in row and "stopped logging" in row
    assert quiet.isoformat() in row and f'href="/patients/{both.pk}/"' in row
    row = _row_of(html, "Bob Stopped")
    assert 'class="attention"' in row and "stopped logging" in row and "open alert" not in row
    row = _row_of(html, "Cat Fine")
    assert 'class=""' in row and ">none<" in row and recent.isoformat() in row
    assert "stopped logging" not in row
    row = _row_of(html, "Dan Never")
    assert ">never<" in row and "stopped logging" not in row and ">none<" in row
