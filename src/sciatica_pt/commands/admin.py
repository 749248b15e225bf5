"""`sciatica-pt create-admin`: start a clinic on a fresh installation."""

from __future__ import annotations

import os

from rich.console import Console


def create(clinic: str, username: str, password: str) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sciatica_pt.clinic.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    from sciatica_pt.clinic.services import staff
    from sciatica_pt.clinic.services.errors import InvalidInput

    try:
        staff.create_clinic_admin(clinic, username, password)
    except InvalidInput as exc:
        for line in exc.problems:
            Console(stderr=True).print(line, markup=False)
        return 2
    Console().print(f"Created admin {username!r} of {clinic!r}.", markup=False)
    return 0
