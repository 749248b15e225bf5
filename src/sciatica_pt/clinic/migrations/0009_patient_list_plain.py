"""The patient list orders by an annotation (services.patients.listing) instead of a stored
stopped-logging flag that every list read rewrote; the flag, its probe index and the list's
per-vendor index go."""

from importlib import import_module

from django.db import migrations

rank = import_module("sciatica_pt.clinic.migrations.0006_patient_list_rank")


class Migration(migrations.Migration):
    dependencies = [("clinic", "0008_audit_patient_clinic")]

    operations = [
        migrations.RunPython(rank.drop_rank_index, rank.create_rank_index),
        migrations.RemoveIndex(model_name="patient", name="clinic_patient_quiet_probe"),
        migrations.RemoveField(model_name="patient", name="stopped_logging"),
    ]
