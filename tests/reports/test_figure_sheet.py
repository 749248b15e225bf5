"""Every exercise drawing on one contact sheet, looked at in a real browser: the sheet and its
screenshots go to test-artifacts/figures/ for a person to review, and the browser shows the
moving figure only to readers who have not asked for reduced motion."""

from __future__ import annotations

import pathlib
from html import escape

import pytest

from sciatica_pt import knowledge
from sciatica_pt.reports.illustrations import load_illustrations, render_exercise_svg

ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "test-artifacts" / "figures"
CELL = (
    "<figure style='display:inline-block;width:300px;height:250px;margin:2px;"
    "border:1px solid #ccc;vertical-align:top;font:12px sans-serif'>"
    "<figcaption>{name}</figcaption>{svg}</figure>"
)


def contact_sheet(animated: bool) -> str:
    kb = knowledge.load()
    cells = "".join(
        CELL.format(
            name=escape(kb.item(item_id).name),
            svg=render_exercise_svg(item_id, animated=animated).replace(
                "<svg ", "<svg style='max-width:290px;max-height:220px;width:auto;height:auto' ", 1
            ),
        )
        for item_id in sorted(load_illustrations())
    )
    head = "<!doctype html><html lang='en'><title>Exercise drawings</title>"
    return f"{head}<body>{cells}</body></html>"


@pytest.fixture(scope="module")
def sheet() -> pathlib.Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "contact-sheet.html"
    path.write_text(contact_sheet(animated=True), encoding="utf-8")
    return path


@pytest.mark.browser
def test_the_contact_sheet_shows_every_drawing(page, sheet: pathlib.Path) -> None:
    page.emulate_media(reduced_motion="reduce")
    page.goto(sheet.as_uri())
    assert page.locator("figure svg").count() == len(load_illustrations())
    page.screenshot(path=str(ARTIFACTS / "contact-sheet.png"), full_page=True)


@pytest.mark.browser
def test_the_figure_moves_unless_the_reader_asks_for_reduced_motion(
    page, sheet: pathlib.Path
) -> None:
    page.emulate_media(reduced_motion="no-preference")
    page.goto(sheet.as_uri())
    first = page.locator("figure svg").first
    assert first.locator(".pose.moving").is_visible()
    assert not first.locator(".pose.end").is_visible()
    page.emulate_media(reduced_motion="reduce")
    assert not first.locator(".pose.moving").is_visible()
    assert first.locator(".pose.end").is_visible()
    assert first.locator(".pose.start").is_visible()
