"""Prints the clinical suite's figures at the end of any pytest run that scored it."""

from __future__ import annotations

from typing import Any

from tests.clinical import test_clinical_suite


def _report(terminalreporter: Any) -> list[str]:
    """The figures as the scoring test recorded them: in this process, or, under xdist, in the
    worker that ran it (carried back in the test report's user properties)."""
    for reports in terminalreporter.stats.values():
        for report in reports:
            for name, value in getattr(report, "user_properties", ()):
                if name == test_clinical_suite.REPORT_PROPERTY:
                    return list(value)
    return test_clinical_suite.REPORT


def pytest_terminal_summary(terminalreporter: Any) -> None:
    lines = _report(terminalreporter)
    if lines:
        terminalreporter.section("clinical scenario suite (issue 17)")
        for line in lines:
            terminalreporter.write_line(line)
