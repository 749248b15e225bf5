from django.apps import AppConfig


class MessagingConfig(AppConfig):
    """Messages between a patient and their clinic (issue 21): one thread per patient, text
    with an optional exercise or education topic, screened for warning signs."""

    name = "sciatica_pt.messaging"
    label = "messaging"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # This app's API routes on the clinic's API, before its URLs load (as notify does).
        from sciatica_pt.clinic.api import api
        from sciatica_pt.messaging.api import router

        api.add_router("/messages/", router)
