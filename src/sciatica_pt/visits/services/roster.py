"""The roster: the clinic's visit settings, therapists' profiles and hours, and who may see
them (the clinic's staff and patients; anyone when the clinic makes its roster public)."""

from __future__ import annotations

import datetime as dt
import re
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import AuditAction, Clinic, Membership, Role
from sciatica_pt.clinic.permissions import membership_of, own_patient, require_admin
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.visits.models import (
    KIND_MINUTES,
    ONLINE_KINDS,
    DayChange,
    Mode,
    TherapistProfile,
    VisitSettings,
    VisitType,
    WeeklyHours,
)
from sciatica_pt.visits.slots import GRID_MINUTES

PHOTO_BYTES = 2 * 1024 * 1024
# The image types a photo may be, by their first bytes (never by the name the browser sent).
PHOTO_MAGIC = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg", b"RIFF": "webp"}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def settings_of(clinic_id: int) -> VisitSettings:
    found, _ = VisitSettings.objects.get_or_create(clinic_id=clinic_id)
    return found


def visit_types(clinic_id: int) -> list[VisitType]:
    """The clinic's visit types, the three standard ones made on first use."""
    for kind, minutes in KIND_MINUTES.items():
        VisitType.objects.get_or_create(
            clinic_id=clinic_id,
            kind=kind,
            defaults={"minutes": minutes, "online": kind in ONLINE_KINDS},
        )
    return list(VisitType.objects.filter(clinic_id=clinic_id))


def viewer_clinic(user: Any) -> int | None:
    """The clinic a signed-in user belongs to, as staff or as a patient."""
    if (membership := membership_of(user)) is not None:
        return membership.clinic_id
    patient = own_patient(user)
    return patient.clinic_id if patient is not None else None


def require_roster(user: Any, clinic_id: int) -> Clinic:
    """The clinic whose roster `user` may browse, or 404 (never a hint that it exists)."""
    clinic = Clinic.objects.filter(pk=clinic_id).first()
    if clinic is None:
        raise Http404("No such clinic")
    if viewer_clinic(user) == clinic.pk:
        return clinic
    if viewer_clinic(user) is None and settings_of(clinic.pk).public_roster:
        return clinic
    raise Http404("No such clinic")


def roster(clinic_id: int) -> QuerySet[TherapistProfile]:
    return TherapistProfile.objects.filter(
        membership__clinic_id=clinic_id,
        membership__role=Role.THERAPIST,
        membership__user__is_active=True,
        listed=True,
    )


def require_profile(user: Any, clinic_id: int, profile_id: int) -> TherapistProfile:
    require_roster(user, clinic_id)
    found = roster(clinic_id).filter(pk=profile_id).first()
    if found is None:
        raise Http404("No such therapist")
    return found


def profile_of(membership: Membership) -> TherapistProfile:
    """The therapist's profile, made from their account's name on first use."""
    name = membership.user.get_full_name() or membership.user.get_username()
    found, _ = TherapistProfile.objects.get_or_create(
        membership=membership, defaults={"display_name": name[:150]}
    )
    return found


def own_profile(user: Any) -> TherapistProfile:
    membership = membership_of(user)
    if membership is None or membership.role != Role.THERAPIST:
        raise Http404("Only therapists have a profile")
    return profile_of(membership)


def _words(raw: str, field: str) -> list[str]:
    words = [w.strip() for w in raw.split(",") if w.strip()]
    if len(words) > 20 or any(len(w) > 60 for w in words):
        raise InvalidInput([f"{field}: at most 20 entries of at most 60 characters"])
    return words


def _photo_suffix(photo: UploadedFile) -> str:
    if photo.size is None or photo.size > PHOTO_BYTES:
        raise InvalidInput(["photo: at most 2 MB"])
    head = photo.read(12)
    photo.seek(0)
    for magic, suffix in PHOTO_MAGIC.items():
        if head.startswith(magic) and (suffix != "webp" or head[8:12] == b"WEBP"):
            return suffix
    raise InvalidInput(["photo: a PNG, JPEG or WebP image"])


@transaction.atomic
def update_profile(
    request: HttpRequest | None,
    user: Any,
    display_name: str,
    specialties: str,
    languages: str,
    mode: str,
    photo: UploadedFile | None = None,
) -> TherapistProfile:
    profile = own_profile(user)
    problems = []
    if not display_name.strip() or len(display_name) > 150:
        problems.append("display_name: a name of 1 to 150 characters is required")
    if mode not in Mode.values:
        problems.append(f"mode: one of {', '.join(Mode.values)}")
    if problems:
        raise InvalidInput(problems)
    profile.display_name = display_name.strip()
    profile.specialties = _words(specialties, "specialties")
    profile.languages = _words(languages, "languages")
    profile.mode = mode
    if photo is not None:
        suffix = _photo_suffix(photo)
        if profile.photo:
            profile.photo.delete(save=False)
        profile.photo.save(f"{profile.pk}.{suffix}", photo, save=False)
    profile.save()
    audit.record(user, AuditAction.WRITE, "therapist_profile", profile.pk, None, request)
    return profile


_WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse_time(raw: str, field: str) -> dt.time:
    try:
        wall = dt.time.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInput([f"{field}: a time as HH:MM"]) from None
    if wall.minute % GRID_MINUTES or wall.second:
        raise InvalidInput([f"{field}: on the quarter hour (00, 15, 30 or 45)"])
    return wall


def parse_windows(raw: str, field: str) -> list[tuple[dt.time, dt.time]]:
    """'09:00-12:00, 13:00-17:00' as windows; a field name in every problem."""
    found = []
    for part in (p for p in raw.split(",") if p.strip()):
        match = _WINDOW.match(part)
        if match is None:
            raise InvalidInput([f"{field}: hours as 09:00-12:00, 13:00-17:00"])
        a, b = f"{match[1]:0>2}:{match[2]}", f"{match[3]:0>2}:{match[4]}"
        start, end = parse_time(a, field), parse_time(b, field)
        if end <= start:
            raise InvalidInput([f"{field}: {part.strip()} ends before it starts"])
        found.append((start, end))
    found.sort()
    if any(b[0] < a[1] for a, b in pairwise(found)):
        raise InvalidInput([f"{field}: the hours overlap"])
    return found


@transaction.atomic
def set_hours(request: HttpRequest | None, user: Any, by_weekday: dict[int, str]) -> None:
    """Replace the therapist's weekly hours (text per weekday, 0 = Monday)."""
    profile = own_profile(user)
    rows = [
        WeeklyHours(profile=profile, weekday=day, start=start, end=end)
        for day, raw in sorted(by_weekday.items())
        for start, end in parse_windows(raw, f"hours_{day}")
    ]
    profile.hours.all().delete()
    WeeklyHours.objects.bulk_create(rows)
    audit.record(user, AuditAction.WRITE, "therapist_hours", profile.pk, None, request)


def hours_text(profile: TherapistProfile) -> dict[int, str]:
    text: dict[int, list[str]] = {day: [] for day in range(7)}
    for row in profile.hours.all():
        text[row.weekday].append(f"{row.start:%H:%M}-{row.end:%H:%M}")
    return {day: ", ".join(parts) for day, parts in text.items()}


@transaction.atomic
def add_change(
    request: HttpRequest | None, user: Any, day: str, hours: str, note: str
) -> list[DayChange]:
    """An exception on one date: its hours replace the weekly ones ('' : a day off)."""
    profile = own_profile(user)
    try:
        date = dt.date.fromisoformat(day.strip())
    except ValueError:
        raise InvalidInput(["day: a date as YYYY-MM-DD"]) from None
    if len(note) > 200:
        raise InvalidInput(["note: at most 200 characters"])
    windows = parse_windows(hours, "hours")
    profile.changes.filter(day=date).delete()
    rows = [DayChange(profile=profile, day=date, start=s, end=e, note=note) for s, e in windows]
    made = DayChange.objects.bulk_create(rows or [DayChange(profile=profile, day=date, note=note)])
    audit.record(user, AuditAction.WRITE, "therapist_day_change", profile.pk, None, request)
    return made


def check_zone(raw: str) -> str:
    name = raw.strip()
    if name not in available_timezones():
        raise InvalidInput(["time_zone: an IANA time zone such as Europe/Copenhagen"])
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(["time_zone: an IANA time zone such as Europe/Copenhagen"]) from None
    return name


@transaction.atomic
def update_settings(
    request: HttpRequest | None,
    user: Any,
    time_zone: str,
    notice_hours: str,
    public_roster: bool,
    jitsi_url: str,
    address: str = "",
) -> VisitSettings:
    admin = require_admin(user)
    found = settings_of(admin.clinic_id)
    found.time_zone = check_zone(time_zone)
    if not notice_hours.strip().isdigit() or int(notice_hours) > 24 * 14:
        raise InvalidInput(["notice_hours: a whole number of hours from 0 to 336"])
    found.notice_hours = int(notice_hours)
    url = jitsi_url.strip()
    if url and not re.match(r"^https://[^\s/?#]+(/[^\s?#]*)?$", url):
        raise InvalidInput(["jitsi_url: the https:// address of the clinic's Jitsi Meet"])
    found.jitsi_url, found.public_roster = url, public_roster
    found.address = " ".join(address.split())  # one line: it is the invitations' LOCATION
    if len(found.address) > 300:
        raise InvalidInput(["address: at most 300 characters"])
    found.save()
    audit.record(user, AuditAction.WRITE, "visit_settings", found.pk, None, request)
    return found
