"""The benchmark server's settings: the clinic's own, with URLs that add the hello-world
baseline (`bench_urls`). Production never serves it."""

from sciatica_pt.clinic.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
