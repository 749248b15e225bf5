"""Stored check-ins kept every item's session count, 1 when the patient gave none, so a
count could not be told from "done as prescribed". The engine now reads a count only where
the patient gave one (a count below the prescription is a partial day, clinical-notes §6.2):
the engine's copy of each check-in is rewritten from the patient's own document (`data`),
which records the counts given (`item_sessions`). Nothing the patient entered changes."""

from django.db import migrations

BATCH = 500


def sessions_as_given(apps, schema_editor):
    CheckIn = apps.get_model("clinic", "CheckIn")
    changed = []
    for row in CheckIn.objects.filter(core__isnull=False).only("pk", "core", "data").iterator(
        chunk_size=BATCH
    ):
        given = (row.data or {}).get("item_sessions") or {}
        items = (row.core or {}).get("items") or []
        touched = False
        for item in items:
            if item.get("done") and item.get("item_id") not in given and item.get("sessions"):
                item["sessions"] = None
                touched = True
        if touched:
            changed.append(row)
        if len(changed) >= BATCH:
            CheckIn.objects.bulk_update(changed, ["core"])
            changed = []
    if changed:
        CheckIn.objects.bulk_update(changed, ["core"])


class Migration(migrations.Migration):
    dependencies = [("clinic", "0016_clinic_own_exercises")]

    operations = [migrations.RunPython(sessions_as_given, migrations.RunPython.noop)]
