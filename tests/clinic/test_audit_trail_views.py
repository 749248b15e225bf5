"""The admin's audit trail narrowed to one patient ("who has seen this record") or one
person, on the page and in the API: only the clinic's own people, bad filters refused with
the field named, and looking at a patient's trail is itself audited."""

from __future__ import annotations

import re

from sciatica_pt.clinic.api.auth import issue_token
from sciatica_pt.clinic.models import AuditEvent, Patient


def _seen(world):
    """Reads by two people of two patients, and one by the other clinic's therapist."""
    world.client("therapist").get(f"/patients/{world.patient_a.pk}/")
    world.client("therapist2").get(f"/patients/{world.patient_b.pk}/")
    world.client("patient_a_user").get("/me/")
    world.client("other_therapist").get("/patients/")


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", body)


def test_one_patients_trail_shows_who_saw_that_record_and_nothing_else(world):
    _seen(world)
    response = world.client("admin").get(f"/audit/?patient={world.patient_a.pk}")
    assert response.status_code == 200
    rows = _rows(response.content.decode())
    assert rows and all(f"<td>{world.patient_a.pk}</td>" in r for r in rows)
    assert any("tess" in r for r in rows) and any("pat-a" in r for r in rows)
    assert not any("theo" in r or "oscar" in r for r in rows)
    assert "Zelda Quixote-Umber" in response.content.decode()  # whose trail it is


def test_one_persons_trail_shows_only_what_they_did(world):
    _seen(world)
    rows = _rows(world.client("admin").get("/audit/?user=theo").content.decode())
    assert rows and all("<td>theo</td>" in r for r in rows)
    both = world.client("admin").get(f"/audit/?user=tess&patient={world.patient_b.pk}")
    assert _rows(both.content.decode()) == ['<td colspan="6">No events.</td>']


def test_looking_at_a_patients_trail_is_itself_audited(world):
    world.client("admin").get(f"/audit/?patient={world.patient_a.pk}")
    event = AuditEvent.objects.get(object_type="audit_log")
    assert (event.username, event.action, event.patient_id) == ("ada", "read", world.patient_a.pk)
    world.client("admin").get("/audit/?user=tess")  # no patient's record: nothing more
    assert AuditEvent.objects.filter(object_type="audit_log").count() == 1


def test_bad_filters_are_refused_with_the_field_named_and_show_no_events(world):
    _seen(world)
    other_clinic = Patient.objects.create(
        clinic=world.other_therapist.membership.clinic, display_name="Elsewhere Patient"
    )
    admin = world.client("admin")
    cases = {
        "patient=abc": "patient: &#x27;abc&#x27; is not a patient number",
        "patient=-1": "is not a patient number",
        f"patient={other_clinic.pk}": f"there is no patient number {other_clinic.pk} in this",
        "patient=99999999": "there is no patient number 99999999 in this clinic",
        "user=oscar": "user: there is no one called &#x27;oscar&#x27; in this clinic",
        "user=nobody": "there is no one called",
    }
    for query, message in cases.items():
        response = admin.get(f"/audit/?{query}")
        html = response.content.decode()
        assert response.status_code == 400, query
        assert message in html, (query, html[html.find("error") : html.find("error") + 300])
        assert "<tbody>" not in html and "Elsewhere Patient" not in html, query
    assert not AuditEvent.objects.filter(object_type="audit_log").exists()


def test_a_therapist_may_not_filter_the_trail_either(world):
    response = world.client("therapist").get(f"/audit/?patient={world.patient_a.pk}")
    assert response.status_code == 403


def test_page_links_keep_the_filter(world):
    for _ in range(101):
        AuditEvent.objects.create(
            username="tess",
            action="read",
            object_type="patient",
            clinic=world.clinic,
            patient_id=world.patient_a.pk,
            user=world.therapist,
        )
    html = world.client("admin").get(f"/audit/?patient={world.patient_a.pk}").content.decode()
    assert f'href="?patient={world.patient_a.pk}&amp;page=2"' in html


def test_the_patient_page_links_an_admin_to_that_patients_trail(world):
    link = f'href="/audit/?patient={world.patient_a.pk}"'
    assert link in world.client("admin").get(f"/patients/{world.patient_a.pk}/").content.decode()
    therapist_view = world.client("therapist").get(f"/patients/{world.patient_a.pk}/")
    assert link not in therapist_view.content.decode()


def test_the_api_gives_the_same_trail_and_refuses_the_same_filters(world):
    _seen(world)
    admin = world.client("admin")
    events = admin.get(f"/api/audit?patient={world.patient_a.pk}").json()
    assert events and {e["patient_id"] for e in events} == {world.patient_a.pk}
    assert {e["username"] for e in events} >= {"tess", "pat-a"}
    assert "theo" not in {e["username"] for e in events}
    assert {e["username"] for e in admin.get("/api/audit?user=theo").json()} == {"theo"}
    bad = admin.get("/api/audit?patient=abc")
    assert bad.status_code == 422 and bad.json()["detail"][0].startswith("patient:")
    for page in (0, 10_001):
        response = admin.get(f"/api/audit?page={page}")
        assert response.status_code == 422 and response.json()["detail"][0].startswith("page:")
    both = admin.get("/api/audit?page=0&user=nobody").json()["detail"]
    assert [p.split(":")[0] for p in both] == ["user", "page"]


def test_a_token_client_reads_the_trail_as_its_admin(world):
    token = issue_token(world.admin, "auditor")
    response = world.client("anonymous").get("/api/audit", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and isinstance(response.json(), list)
