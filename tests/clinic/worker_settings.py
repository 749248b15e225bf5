"""Settings of the task-runner processes the no-double-send test starts: the app's settings on
the test's own database (its connection settings, as JSON in the environment)."""

from __future__ import annotations

import json
import os

from sciatica_pt.clinic.settings import *  # noqa: F403

DATABASES = {"default": json.loads(os.environ["SCIATICA_PT_TEST_WORKER_DB"])}
