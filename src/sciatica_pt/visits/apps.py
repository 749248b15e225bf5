from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "sciatica_pt.visits"
    label = "visits"
    verbose_name = "Sciatica PT visits"
    default_auto_field = "django.db.models.BigAutoField"
