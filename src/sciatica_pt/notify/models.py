"""What the between-visits features keep: a person's in-app notifications, a patient's
reminder choices, and one row per reminder sent (its uniqueness is the no-double-send
guarantee, whatever number of workers run the job)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sciatica_pt.clinic.models import Patient


class Notification(models.Model):
    """A line on the person's notifications page: what happened and where to look. Never
    clinical detail (the same words as the e-mail)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40)
    text = models.CharField(max_length=300)
    link = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="notify_user_newest")]


class ReminderKind(models.TextChoices):
    PROGRAM = "program", "Home program"
    QUESTIONNAIRE = "questionnaire", "Questionnaire due"


class ReminderSettings(models.Model):
    """A patient's choice: reminder e-mails on or off. Their time is the patient's one daily
    reminder time (`Patient.reminder_time`, `clinic.services.daily_reminder`), which the
    calendar file's alarm follows too."""

    patient = models.OneToOneField(Patient, on_delete=models.CASCADE, related_name="reminders")
    enabled = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)


class SentReminder(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "day", "kind"], name="notify_one_reminder_a_day"
            )
        ]
