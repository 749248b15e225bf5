from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "sciatica_pt.clinic"
    label = "clinic"
    verbose_name = "Sciatica PT clinic"
