from django.apps import AppConfig


class NotifyConfig(AppConfig):
    """Between visits (issue 21): e-mail, invitations, password reset, alert mails, the
    reminders' scheduled job and in-app notifications."""

    name = "sciatica_pt.notify"
    label = "notify"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        # The alert receiver, and this app's routes on the clinic's API (before its URLs load).
        from sciatica_pt.clinic.services.questionnaires import reminder_names
        from sciatica_pt.notify import api, reminders, signals  # noqa: F401

        # Due questionnaires go into the reminders (and the notifications page).
        if reminder_names not in reminders.questionnaire_sources:
            reminders.questionnaire_sources.append(reminder_names)
        post_migrate.connect(_schedule, sender=self)


def _schedule(**kwargs: object) -> None:
    from sciatica_pt.notify.reminders import ensure_schedule

    ensure_schedule()
