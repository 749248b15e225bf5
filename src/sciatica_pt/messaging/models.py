"""A patient's thread: the messages between them and the clinicians of their clinic."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sciatica_pt.clinic.models import Patient

TEXT_MAX = 2000  # characters: a message, not a letter


class Message(models.Model):
    """One message of a patient's thread. `from_patient` says which side wrote it (a staff
    member's message is the clinic's, whoever of its clinicians wrote it); `read_at` is when
    the other side first opened it. `exercise` and `topic` are knowledge-base ids the
    therapist attached (shown with their names, drawings and patient wording, never as
    codes). `warning_signs` are the notes-reader fields the screen found in a patient's
    message (empty for the clinic's)."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_patient = models.BooleanField()
    text = models.TextField(max_length=TEXT_MAX)
    exercise = models.CharField(max_length=100, blank=True, default="")
    topic = models.CharField(max_length=100, blank=True, default="")
    warning_signs = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["patient", "created_at"], name="messaging_thread"),
            # The unread counts: a patient's unread from the clinic, the clinic's from patients.
            models.Index(
                fields=["patient", "from_patient"],
                condition=models.Q(read_at__isnull=True),
                name="messaging_unread",
            ),
        ]
