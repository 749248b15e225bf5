"""A program has one source: its row and its item rows. The follow-up engine's copy of the
items (doses, statuses, since, reasons) moves into the item rows and leaves `followup_state`,
which keeps only what the engine carries beyond the items; the flare flag is read from that
state. Alerts keep the clinical event's id, so an event is alerted once."""

from django.db import migrations, models

ENGINE_FIELDS = (
    "stopped_reason",
    "reviewed_through",
    "cleared_on",
    "banned_directions",
    "flare",
    "goals",
)


def items_into_rows(apps, schema_editor):
    Program = apps.get_model("clinic", "Program")
    for program in Program.objects.exclude(followup_state=None).iterator():
        state = program.followup_state or {}
        rows = {r.item_id: r for r in program.items.exclude(status="removed")}
        for position, item in enumerate(state.get("items", [])):
            row = rows.pop(item["item_id"], None)
            if row is None:
                continue
            row.position = position
            row.status = item.get("status", "active")
            row.dosage = item.get("dosage")
            row.since = item.get("since")
            row.reason = item.get("reason") or ""
            row.save()
        for row in rows.values():
            row.status = "removed"
            row.save(update_fields=["status"])
        program.followup_state = {k: state[k] for k in ENGINE_FIELDS if k in state}
        program.save(update_fields=["followup_state"])


class Migration(migrations.Migration):
    dependencies = [("clinic", "0009_patient_list_plain")]

    operations = [
        migrations.AddField(
            model_name="alert",
            name="event",
            field=models.CharField(blank=True, default="", max_length=120),
        ),
        migrations.AddField(
            model_name="programitem",
            name="reason",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="programitem",
            name="since",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="programitem",
            name="status",
            field=models.CharField(
                choices=[
                    ("active", "Active"),
                    ("regressed", "Regressed"),
                    ("stopped", "Stopped"),
                    ("removed", "Removed"),
                ],
                default="active",
                max_length=20,
            ),
        ),
        migrations.RunPython(items_into_rows, migrations.RunPython.noop),
        migrations.RemoveField(model_name="program", name="flare"),
    ]
