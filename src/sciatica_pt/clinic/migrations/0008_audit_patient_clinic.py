"""Audit rows a patient wrote before their clinic was recorded on them: give each the patient's
clinic, so the clinic's admin sees them in the log. Only rows with no clinic are touched, and
only the clinic column; nothing is removed. Reversible as a no-op (the rows stay correct)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def patients_clinic(apps, schema_editor):
    AuditEvent = apps.get_model("clinic", "AuditEvent")
    Patient = apps.get_model("clinic", "Patient")
    clinic = Patient.objects.filter(user_id=OuterRef("user_id")).values("clinic_id")[:1]
    AuditEvent.objects.filter(clinic__isnull=True, user__patient_profile__isnull=False).update(
        clinic_id=Subquery(clinic)
    )


class Migration(migrations.Migration):
    dependencies = [("clinic", "0007_audit_newest_index")]

    operations = [migrations.RunPython(patients_clinic, migrations.RunPython.noop)]
