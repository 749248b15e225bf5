"""Giving a patient to another therapist of the clinic: when a therapist leaves or a caseload
moves. Only the clinic's active therapists, an explicit "none", audited, page and API alike."""

from __future__ import annotations

import pytest

from sciatica_pt.clinic.models import AuditEvent, Patient


def _assign(client, patient_id: int, value, where: str):
    if where == "page":
        return client.post(f"/patients/{patient_id}/therapist/", {"therapist": value})
    return client.post(
        f"/api/patients/{patient_id}/therapist",
        {"therapist_id": value},
        content_type="application/json",
    )


def _therapist_of(patient) -> int | None:
    return Patient.objects.get(pk=patient.pk).therapist_id


@pytest.mark.parametrize("where", ["page", "api"])
def test_a_patient_moves_to_another_therapist_and_the_move_is_audited(world, where):
    theo = world.therapist2.membership
    response = _assign(world.client("therapist"), world.patient_a.pk, theo.pk, where)
    assert response.status_code == (302 if where == "page" else 200)
    assert _therapist_of(world.patient_a) == theo.pk
    event = AuditEvent.objects.get(object_type="patient_therapist")
    assert (event.action, event.username, event.patient_id) == ("write", "tess", world.patient_a.pk)
    _assign(world.client("therapist"), world.patient_a.pk, theo.pk, where)  # no change
    assert AuditEvent.objects.filter(object_type="patient_therapist").count() == 1


@pytest.mark.parametrize(("where", "none"), [("page", "none"), ("api", None)])
def test_none_is_said_explicitly_and_a_missing_choice_changes_nothing(world, where, none):
    client = world.client("admin")
    if where == "page":
        missing = client.post(f"/patients/{world.patient_a.pk}/therapist/", {}, follow=True)
        assert "therapist: choose a therapist, or none" in missing.content.decode()
    else:
        missing = client.post(
            f"/api/patients/{world.patient_a.pk}/therapist", {}, content_type="application/json"
        )
        assert missing.status_code == 422
    assert _therapist_of(world.patient_a) == world.therapist.membership.pk
    _assign(client, world.patient_a.pk, none, where)
    assert _therapist_of(world.patient_a) is None


@pytest.mark.parametrize("where", ["page", "api"])
def test_only_an_active_therapist_of_the_clinic_can_take_the_patient(world, where):
    client = world.client("admin")
    world.therapist2.is_active = False
    world.therapist2.save()
    wrong = [
        world.therapist2.membership.pk,  # access stopped
        world.other_therapist.membership.pk,  # another clinic
        world.admin.membership.pk,  # an admin, not a therapist
        10**30,  # past the database's integers
    ]
    if where == "page":
        wrong += ["abc", "-1"]
    for value in wrong:
        response = _assign(client, world.patient_a.pk, value, where)
        if where == "api":
            assert response.status_code == 422, value
            assert response.json()["detail"][0].startswith("therapist:"), value
        assert _therapist_of(world.patient_a) == world.therapist.membership.pk, value
    assert not AuditEvent.objects.filter(object_type="patient_therapist").exists()


def test_the_patient_page_offers_only_active_therapists_and_flags_a_stopped_one(world):
    world.therapist.is_active = False  # patient A's therapist leaves
    world.therapist.save()
    html = world.client("admin").get(f"/patients/{world.patient_a.pk}/").content.decode()
    assert f'<option value="{world.therapist2.membership.pk}"' in html
    assert f'<option value="{world.therapist.membership.pk}"' not in html
    assert "The current therapist's access is stopped" in html


def test_a_new_patient_cannot_be_given_to_a_stopped_therapist(world):
    world.therapist2.is_active = False
    world.therapist2.save()
    response = world.client("admin").post(
        "/patients/new/",
        {"display_name": "New Person", "therapist": str(world.therapist2.membership.pk)},
    )
    assert response.status_code == 400
    assert "is not an active therapist of this clinic" in response.content.decode()
    assert not Patient.objects.filter(display_name="New Person").exists()
