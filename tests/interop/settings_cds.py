"""The least Django needs to serve the CDS Hooks router in tests (until the web app exists)."""

SECRET_KEY = "tests-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver"]
INSTALLED_APPS = ["django.contrib.contenttypes", "ninja"]
ROOT_URLCONF = "tests.interop.urls_cds"
DATABASES: dict[str, dict[str, str]] = {}
USE_TZ = True
SCIATICA_PT_APP_BASE_URL = "https://pt.example.org"
