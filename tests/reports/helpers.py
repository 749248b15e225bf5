"""Shared helpers for the reports tests: text out of a PDF, plans out of example files."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from sciatica_pt import knowledge
from sciatica_pt.cli import app
from sciatica_pt.commands.assess import parse_text, read_source
from sciatica_pt.core.engine import assess
from sciatica_pt.core.intake.assessment import parse_assessment
from sciatica_pt.core.result import Plan

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def pdf_pages(data: bytes, tmp_path: Path) -> list[str]:
    """The text of each page, whitespace collapsed (poppler's pdftotext)."""
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [re.sub(r"\s+", " ", page).strip() for page in text.split("\f")[:-1]]


def plan_of(example: str) -> Plan:
    assessment = parse_assessment(parse_text(*read_source(str(EXAMPLES / example))))
    return assess(assessment, knowledge.load()).plan


@dataclass
class Ran:
    returncode: int
    stderr: str


def run_cli(*args: str) -> Ran:
    """`sciatica-pt ARGS` in this process (a subprocess would pay matplotlib's import again)."""
    result = CliRunner().invoke(app, list(args))
    return Ran(result.exit_code, result.stderr)
