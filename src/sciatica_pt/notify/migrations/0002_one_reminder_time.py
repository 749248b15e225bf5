"""One reminder time per patient: `ReminderSettings.at` (the e-mail's time) is carried into
`Patient.reminder_time` (until now only the calendar alarm's) and removed.

When the two differ, the time that sends mail wins: the e-mail time of a patient whose e-mails
are on (a calendar time never chosen was the default, 18:00). When e-mails are off, the
calendar time the patient chose wins (it was the only one still doing anything), else the
e-mail time they last chose. Nothing is dropped silently: a
patient whose time changed gets a notification naming the old and the new time, and a time
kept inside the quiet hours (Today allowed them) is pointed out too: it stays, as the patient
chose it, until they choose another (both forms now refuse quiet hours)."""

import datetime as dt

from django.conf import settings
from django.db import migrations

DEFAULT = dt.time(18, 0)  # services.daily_reminder.DEFAULT_REMINDER when this was written
KIND = "reminder.time"
WHERE = "/me/reminders/"


def _quiet_hours():
    start, _, end = settings.SCIATICA_PT_QUIET_HOURS.partition("-")
    return dt.time.fromisoformat(start.strip()), dt.time.fromisoformat(end.strip())


def _quiet(at):
    start, end = _quiet_hours()
    return start <= at < end if start <= end else at >= start or at < end


def _tell(Notification, patient, text):
    if patient.user_id is not None:
        Notification.objects.create(user_id=patient.user_id, kind=KIND, text=text, link=WHERE)


def one_time(apps, schema_editor):
    Patient = apps.get_model("clinic", "Patient")
    ReminderSettings = apps.get_model("notify", "ReminderSettings")
    Notification = apps.get_model("notify", "Notification")
    mail_times = dict(ReminderSettings.objects.values_list("patient_id", "at"))
    enabled = set(
        ReminderSettings.objects.filter(enabled=True).values_list("patient_id", flat=True)
    )
    for patient in Patient.objects.filter(pk__in=mail_times).order_by("pk").iterator():
        mail_at, calendar_at = mail_times[patient.pk], patient.reminder_time
        if patient.pk in enabled or calendar_at is None:
            keep, lost, what = mail_at, calendar_at or DEFAULT, "calendar alarm"
        else:
            keep, lost, what = calendar_at, mail_at, "e-mail reminder (turned off)"
        if keep != calendar_at:
            patient.reminder_time = keep
            patient.save(update_fields=["reminder_time"])
        if keep != lost:
            _tell(
                Notification,
                patient,
                f"Your reminder e-mail and your calendar alarm now share one time: {keep:%H:%M}. "
                f"Your {what} was at {lost:%H:%M}. Choose another time here if you like, and "
                "download the calendar file again.",
            )
    start, end = _quiet_hours()
    for patient in Patient.objects.exclude(reminder_time=None).order_by("pk").iterator():
        if _quiet(patient.reminder_time):
            _tell(
                Notification,
                patient,
                f"Your daily reminder is at {patient.reminder_time:%H:%M}, in the quiet hours "
                f"({start:%H:%M} to {end:%H:%M}): the calendar alarm rings then, but no e-mail "
                "is sent at that time. Choose a time outside them here to get both.",
            )


def back(apps, schema_editor):
    """The e-mail time again from the one time (the calendar keeps it as well)."""
    ReminderSettings = apps.get_model("notify", "ReminderSettings")
    for choice in ReminderSettings.objects.select_related("patient").iterator():
        choice.at = choice.patient.reminder_time or DEFAULT
        choice.save(update_fields=["at"])


class Migration(migrations.Migration):
    dependencies = [
        ("notify", "0001_initial"),
        ("clinic", "0017_checkin_sessions_as_given"),
    ]

    operations = [
        migrations.RunPython(one_time, back),
        migrations.RemoveField(model_name="remindersettings", name="at"),
    ]
