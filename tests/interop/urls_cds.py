"""Mount the CDS Hooks services at the site root, as the web app does."""

from django.urls import path

from sciatica_pt.interop.cds_hooks_api import cds_api

urlpatterns = [path("", cds_api("cds-hooks-tests").urls)]
