"""Clinic staff: the first admin from the command line, therapists added by the admin."""

from __future__ import annotations

import pytest

from sciatica_pt.clinic.models import Membership
from sciatica_pt.clinic.services import staff
from sciatica_pt.clinic.services.errors import InvalidInput


def test_a_fresh_installation_starts_with_a_clinic_admin(db):
    member = staff.create_clinic_admin("Northside Physio", "boss", "a-long-good-password")
    assert member.role == "admin" and member.clinic.name == "Northside Physio"


def test_a_weak_password_or_a_taken_username_is_refused_by_field(world):
    with pytest.raises(InvalidInput) as exc:
        staff.create_clinic_admin("Clinic A", "tess", "123")
    assert any(p.startswith("username:") for p in exc.value.problems)
    assert any(p.startswith("password:") for p in exc.value.problems)


def test_the_admin_adds_a_therapist_to_their_own_clinic(world):
    response = world.client("admin").post(
        "/staff/", {"username": "nina", "password": "a-long-good-password", "name": "Nina Physio"}
    )
    assert response.status_code == 302
    member = Membership.objects.get(user__username="nina")
    assert member.clinic == world.clinic and member.role == "therapist"


def test_a_therapist_cannot_add_staff(world):
    response = world.client("therapist").post(
        "/staff/", {"username": "eve", "password": "a-long-good-password"}
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(user__username="eve").exists()


def test_the_create_admin_command_reports_problems_by_field(db, capsys):
    from sciatica_pt.commands import admin

    assert admin.create("Clinic Z", "zed", "short") == 2
    assert "password:" in capsys.readouterr().err
