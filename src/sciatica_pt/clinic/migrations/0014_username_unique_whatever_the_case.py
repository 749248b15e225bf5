"""One account per user name whatever its case (issue 19): `alex` and `Alex` cannot both exist.

The services check this first (`services.accounts`, case-insensitively, after NFKC), so a
person gets a message naming the field; this index is what holds when two requests race. It is
an expression index on Django's own user table, the same SQL on SQLite and PostgreSQL (SQLite's
lower() folds ASCII only; the services' check covers the rest)."""

from django.db import migrations

CREATE = (
    "CREATE UNIQUE INDEX IF NOT EXISTS clinic_username_lower_uniq ON auth_user (lower(username))"
)
DROP = "DROP INDEX IF EXISTS clinic_username_lower_uniq"


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("clinic", "0013_psfs_activity_scores"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
