"""Visits' records: a clinic's visit settings, therapist profiles and hours, visit types,
visits, the grid cells a visit holds (the database's guard against double booking) and visit
notes. Times are stored in UTC; hours are wall-clock times in the clinic's zone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models

from sciatica_pt.clinic.models import Clinic, Membership, Patient

User = settings.AUTH_USER_MODEL
DEFAULT_TIME_ZONE = "UTC"


def photo_storage() -> FileSystemStorage:
    """Therapists' photos under the data dir's media folder, served only through the roster's
    own view (no public media URL)."""
    return FileSystemStorage(location=Path(settings.DATA_DIR) / "media")


class VisitSettings(models.Model):
    """A clinic's choices for visits (one row per clinic, made on first use)."""

    clinic = models.OneToOneField(Clinic, on_delete=models.CASCADE, related_name="visit_settings")
    time_zone = models.CharField(max_length=64, default=DEFAULT_TIME_ZONE)
    notice_hours = models.PositiveIntegerField(default=24)
    public_roster = models.BooleanField(default=False)
    jitsi_url = models.URLField(blank=True, default="")
    # Where in-clinic visits take place, as the invitations' LOCATION (free text, may be empty).
    address = models.CharField(max_length=300, blank=True, default="")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


class Mode(models.TextChoices):
    CLINIC = "clinic", "In the clinic"
    ONLINE = "online", "Online"
    BOTH = "both", "In the clinic and online"


class TherapistProfile(models.Model):
    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(max_length=150)
    photo = models.FileField(storage=photo_storage, upload_to="therapists/", blank=True)
    specialties = models.JSONField(default=list)
    languages = models.JSONField(default=list)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.BOTH)
    listed = models.BooleanField(default=True)

    class Meta:
        ordering = ["display_name", "pk"]

    def __str__(self) -> str:
        return self.display_name

    def sees(self, online: bool) -> bool:
        return self.mode == Mode.BOTH or self.mode == (Mode.ONLINE if online else Mode.CLINIC)


class WeeklyHours(models.Model):
    profile = models.ForeignKey(TherapistProfile, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField()  # 0 = Monday
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        ordering = ["weekday", "start"]


class DayChange(models.Model):
    """An exception: on `day` these hours replace the weekly ones; no times: a day off."""

    profile = models.ForeignKey(TherapistProfile, on_delete=models.CASCADE, related_name="changes")
    day = models.DateField()
    start = models.TimeField(null=True, blank=True)
    end = models.TimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["day", "start"]


class VisitKind(models.TextChoices):
    FIRST = "first", "First assessment"
    FOLLOW_UP = "follow_up", "Follow-up"
    ONLINE_FOLLOW_UP = "online_follow_up", "Online follow-up"


# Each kind's length (a whole number of grid cells) and whether it is held online.
KIND_MINUTES = {VisitKind.FIRST: 60, VisitKind.FOLLOW_UP: 30, VisitKind.ONLINE_FOLLOW_UP: 30}
ONLINE_KINDS = {VisitKind.ONLINE_FOLLOW_UP}


class VisitType(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="visit_types")
    kind = models.CharField(max_length=30, choices=VisitKind.choices)
    minutes = models.PositiveIntegerField()
    online = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["clinic", "kind"], name="visits_type_once")]

    @property
    def name(self) -> str:
        return VisitKind(self.kind).label


class VisitStatus(models.TextChoices):
    BOOKED = "booked"
    CANCELLED = "cancelled"


class Visit(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="+")
    therapist = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="visits")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="visits")
    visit_type = models.ForeignKey(VisitType, on_delete=models.PROTECT, related_name="+")
    start = models.DateTimeField()  # UTC
    end = models.DateTimeField()
    online = models.BooleanField(default=False)
    room = models.CharField(max_length=64, blank=True, default="")  # online visits only
    status = models.CharField(
        max_length=20, choices=VisitStatus.choices, default=VisitStatus.BOOKED
    )
    booked_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The invitation's SEQUENCE (RFC 5545 3.8.7.4): 0 when booked, one more at each move or
    # cancellation, so calendar apps apply the newest invitation.
    sequence = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)  # last booked, moved or cancelled

    class Meta:
        ordering = ["start", "pk"]
        indexes = [
            models.Index(fields=["therapist", "start"]),
            models.Index(fields=["patient", "start"]),
        ]

    def __str__(self) -> str:
        return f"visit {self.pk}"

    @property
    def minutes(self) -> int:
        return int((self.end - self.start) / dt.timedelta(minutes=1))


class HeldCell(models.Model):
    """One grid cell of a booked visit. The unique (therapist, start) pair is the database's
    guarantee that no two visits of one therapist overlap, on SQLite and PostgreSQL alike:
    visits cover whole cells, so any overlap would be two rows for one cell."""

    therapist = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    start = models.DateTimeField()
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="cells")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["therapist", "start"], name="visits_no_double_booking")
        ]


class PatientZone(models.Model):
    """The patient's own time zone, when it differs from the clinic's."""

    patient = models.OneToOneField(Patient, on_delete=models.CASCADE, related_name="visit_zone")
    time_zone = models.CharField(max_length=64)


class VisitNote(models.Model):
    """Subjective, objective, assessment, plan; the clinic techniques applied, each with the
    safety check's verdict and, where it was contraindicated, the clinician's reason."""

    visit = models.OneToOneField(Visit, on_delete=models.CASCADE, related_name="note")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="visit_notes")
    subjective = models.TextField(blank=True, default="")
    objective = models.TextField(blank=True, default="")
    assessment = models.TextField(blank=True, default="")
    plan = models.TextField(blank=True, default="")
    techniques = models.JSONField(default=list)
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)


class MailKind(models.TextChoices):
    BOOKED = "booked"
    CHANGED = "changed"
    CANCELLED = "cancelled"
    REMINDER = "reminder"


class MailTo(models.TextChoices):
    PATIENT = "patient"
    THERAPIST = "therapist"


class MailState(models.TextChoices):
    PENDING = "pending"
    SENT = "sent"
    SKIPPED = "skipped"  # out of date (a later change, a cancelled or past visit), or no address


class VisitMail(models.Model):
    """One e-mail about a visit, written in the transaction that changed the visit (so it
    commits or rolls back with it) and sent after the commit; a failed send stays pending and
    the task runner retries it. Unique per visit, recipient, kind and sequence: that is what
    sends each confirmation and the day-before reminder once, whatever number of workers
    run. Holds no content: the mail is made from the visit when it is sent."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="mails")
    to = models.CharField(max_length=10, choices=MailTo.choices)
    kind = models.CharField(max_length=10, choices=MailKind.choices)
    sequence = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=MailState.choices, default=MailState.PENDING)
    tries = models.PositiveSmallIntegerField(default=0)
    next_try_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "to", "kind", "sequence"], name="visits_mail_once"
            )
        ]
        indexes = [models.Index(fields=["state", "next_try_at"], name="visits_mail_pending")]
