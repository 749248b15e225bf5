"""Django for the CDS Hooks HTTP tests: the app's settings when the web app configured them,
else the minimal tests/interop/settings_cds.py."""

import os

import django
from django.conf import settings

if not settings.configured:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.interop.settings_cds")
    django.setup()
