"""Therapists' profiles, photos, weekly hours and day changes, and the clinic's visit
settings, through the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sciatica_pt.visits.models import DayChange, TherapistProfile, VisitSettings
from sciatica_pt.visits.services import roster

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _profile_form(**changes):
    form = {
        "part": "profile",
        "display_name": "Tess T.",
        "specialties": "sciatica, pregnancy",
        "languages": "English, Danish",
        "mode": "online",
    }
    form.update(changes)
    return form


def test_a_therapist_sets_up_a_profile_with_a_photo_that_patients_see(visits_world):
    w = visits_world
    photo = SimpleUploadedFile("me.png", PNG, content_type="image/png")
    answer = w.client("therapist").post("/visits/profile/", {**_profile_form(), "photo": photo})
    assert answer.status_code == 302
    profile = TherapistProfile.objects.get(pk=w.tess_profile.pk)
    assert profile.specialties == ["sciatica", "pregnancy"] and profile.mode == "online"
    assert "media" in profile.photo.path
    page = w.client("patient_a_user").get(f"/visits/clinics/{w.clinic.pk}/roster/")
    assert b"Tess T." in page.content and b"sciatica, pregnancy" in page.content
    assert b"Photo of Tess T." in page.content


def test_a_file_that_is_not_an_image_is_refused_as_a_photo(visits_world):
    w = visits_world
    fake = SimpleUploadedFile("me.png", b"<script>alert(1)</script>", content_type="image/png")
    page = w.client("therapist").post(
        "/visits/profile/", {**_profile_form(), "photo": fake}, follow=True
    )
    assert b"photo: a PNG, JPEG or WebP image" in page.content
    assert not TherapistProfile.objects.get(pk=w.tess_profile.pk).photo


def test_an_empty_name_or_unknown_mode_is_refused_naming_the_field(visits_world):
    w = visits_world
    page = w.client("therapist").post(
        "/visits/profile/", _profile_form(display_name=" ", mode="x"), follow=True
    )
    assert b"display_name:" in page.content and b"mode:" in page.content
    assert TherapistProfile.objects.get(pk=w.tess_profile.pk).display_name == "Tess Therapist"


def test_weekly_hours_are_saved_and_shown_again(visits_world):
    w = visits_world
    form = {"part": "hours", "hours_0": "09:00-12:00, 13:00-17:30", "hours_2": "8:00-10:00"}
    assert w.client("therapist").post("/visits/profile/", form).status_code == 302
    assert roster.hours_text(w.tess_profile) == {
        0: "09:00-12:00, 13:00-17:30",
        1: "",
        2: "08:00-10:00",
        3: "",
        4: "",
        5: "",
        6: "",
    }


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("9-12", "hours_0: hours as 09:00-12:00"),
        ("12:00-09:00", "ends before it starts"),
        ("09:00-12:00, 11:00-13:00", "the hours overlap"),
        ("09:10-12:00", "on the quarter hour"),
        ("25:00-26:00", "a time as HH:MM"),
    ],
)
def test_bad_hours_are_refused_naming_the_field_and_nothing_changes(visits_world, text, problem):
    w = visits_world
    page = w.client("therapist").post(
        "/visits/profile/", {"part": "hours", "hours_0": text}, follow=True
    )
    assert problem.encode() in page.content
    assert roster.hours_text(w.tess_profile)[0] == "09:00-17:00"


def test_a_day_off_and_a_one_off_change_are_recorded(visits_world):
    w = visits_world
    client = w.client("therapist")
    client.post(
        "/visits/profile/", {"part": "change", "day": "2027-01-01", "hours": "", "note": "New Year"}
    )
    client.post("/visits/profile/", {"part": "change", "day": "2027-01-02", "hours": "10:00-11:00"})
    rows = list(DayChange.objects.filter(profile=w.tess_profile).order_by("day"))
    assert [(r.day, r.start) for r in rows] == [
        (dt.date(2027, 1, 1), None),
        (dt.date(2027, 1, 2), dt.time(10)),
    ]


def test_the_admin_sets_the_time_zone_notice_video_server_and_public_roster(visits_world):
    w = visits_world
    form = {
        "time_zone": "America/Chicago",
        "notice_hours": "48",
        "jitsi_url": "https://meet.example.org",
        "public_roster": "on",
    }
    assert w.client("admin").post("/visits/settings/", form).status_code == 302
    found = VisitSettings.objects.get(clinic=w.clinic)
    assert (found.time_zone, found.notice_hours, found.public_roster) == (
        "America/Chicago",
        48,
        True,
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("time_zone", "Nowhere/Land"),
        ("notice_hours", "-1"),
        ("jitsi_url", "http://meet.example.org"),
    ],
)
def test_bad_settings_are_refused_naming_the_field(visits_world, field, value):
    w = visits_world
    form = {"time_zone": "UTC", "notice_hours": "24", "jitsi_url": "", field: value}
    page = w.client("admin").post("/visits/settings/", form, follow=True)
    assert f"{field}:".encode() in page.content
    assert VisitSettings.objects.get(clinic=w.clinic).time_zone == "Europe/Copenhagen"


def test_a_new_clinic_starts_in_utc_with_a_days_notice_and_a_private_roster(world):
    found = roster.settings_of(world.clinic.pk)
    assert (found.time_zone, found.notice_hours, found.public_roster) == ("UTC", 24, False)
    kinds = {t.kind: (t.minutes, t.online) for t in roster.visit_types(world.clinic.pk)}
    assert kinds == {"first": (60, False), "follow_up": (30, False), "online_follow_up": (30, True)}
