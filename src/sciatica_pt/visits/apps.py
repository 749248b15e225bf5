from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "sciatica_pt.visits"
    label = "visits"
    verbose_name = "Sciatica PT visits"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_schedule, sender=self)


def _schedule(**kwargs: object) -> None:
    """The visit mails' job (day-before reminders, retries) on the task runner's schedule."""
    from sciatica_pt.visits.services.mails import ensure_schedule

    ensure_schedule()
