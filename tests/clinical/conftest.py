"""Prints the clinical suite's figures at the end of any pytest run that scored it."""

from __future__ import annotations

from typing import Any

from tests.clinical import test_clinical_suite


def pytest_terminal_summary(terminalreporter: Any) -> None:
    lines = test_clinical_suite.REPORT
    if lines:
        terminalreporter.section("clinical scenario suite (issue 17)")
        for line in lines:
            terminalreporter.write_line(line)
