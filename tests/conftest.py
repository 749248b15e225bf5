"""Hypothesis runs new random examples on every developer run, so each run can find a case no
earlier one tried (a failure is kept in .hypothesis/ and replayed first next time). On CI
(`SCIATICA_PT_CI=1`, set by .ci/run) the examples are derived from each test instead, the
same on every run: a landing is judged on a repeatable run, never on the luck of the draw."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("SCIATICA_PT_CI") == "1":
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium, never a downloaded browser."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def pytest_terminal_summary(terminalreporter):
    """The clinical scenario suite's figures (issue 17), when this run scored it. The root
    conftest holds this hook because under xdist the controller never loads the conftest of
    tests/clinical/ (it collects nothing)."""
    from tests.clinical import REPORT_PROPERTY

    for reports in terminalreporter.stats.values():
        for report in reports:
            for name, lines in getattr(report, "user_properties", ()):
                if name == REPORT_PROPERTY:
                    terminalreporter.section("clinical scenario suite (issue 17)")
                    for line in lines:
                        terminalreporter.write_line(line)
                    return
