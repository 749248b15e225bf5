"""The shared PDF page: the shipped Unicode font, a footer with the disclaimer and page
numbers, and small layout helpers. fpdf2's core fonts are Latin-1 only, so a patient called
"Łukasz Żółć" needs the DejaVu TrueType font that ships in `reports/fonts/`."""

from __future__ import annotations

import datetime as dt
import io
import re
from importlib import resources

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from sciatica_pt.core.errors import InvalidInput

FONT = "DejaVu"
INK, MUTED, ALERT = (31, 59, 87), (90, 99, 110), (176, 32, 32)
_SVG_TEXT = re.compile(r"<(title|desc|metadata)\b[^>]*>.*?</\1>", re.S)


class Document(FPDF):
    """An A4 page with the footer every report carries."""

    def __init__(self, title: str, footer: str, day: dt.date) -> None:
        super().__init__(format="A4")
        fonts = resources.files("sciatica_pt.reports").joinpath("fonts")
        with resources.as_file(fonts) as folder:
            self.add_font(FONT, "", str(folder / "DejaVuSans.ttf"))
            self.add_font(FONT, "B", str(folder / "DejaVuSans-Bold.ttf"))
        self.footer_text = footer
        self.set_title(title)
        self.set_creator("Sciatica PT")
        # A fixed creation date makes the same input give the same bytes.
        self.set_creation_date(dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC))
        self.set_auto_page_break(auto=True, margin=22)
        self.set_margins(18, 16, 18)
        self.alias_nb_pages()

    def footer(self) -> None:
        # A block may have narrowed the margins for a text column; the footer spans the page.
        self.set_left_margin(18)
        self.set_right_margin(18)
        self.set_y(-18)
        self.set_font(FONT, size=7.5)
        self.set_text_color(*MUTED)
        self.multi_cell(0, 3.6, self.footer_text, align="C")
        self.cell(0, 4, f"Page {self.page_no()} of {{nb}}", align="C")

    def heading(self, text: str, size: float = 14) -> None:
        self.set_font(FONT, "B", size)
        self.set_text_color(*INK)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def paragraph(self, text: str, size: float = 10, bold: bool = False) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(0, 0, 0)
        self.multi_cell(0, size * 0.48, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def bullets(self, lines: tuple[str, ...] | list[str], numbered: bool = False) -> None:
        self.set_font(FONT, size=10)
        self.set_text_color(0, 0, 0)
        left = self.get_x()
        for index, line in enumerate(lines, start=1):
            mark = f"{index}." if numbered else "•"
            self.set_x(left)
            self.cell(6, 4.8, mark)
            self.multi_cell(0, 4.8, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_x(left)

    def svg(self, svg_text: str, x: float, y: float, w: float) -> float:
        """Embed an SVG as vectors; fpdf2 warns about <title>, <desc>, <metadata>, so drop them."""
        info = self.image(io.BytesIO(_SVG_TEXT.sub("", svg_text).encode()), x=x, y=y, w=w)
        return float(info.rendered_height)  # the height it took on the page, in mm

    def text_height(
        self, lines: tuple[str, ...] | list[str], width: float, size: float = 10, bold: bool = False
    ) -> float:
        """How tall `lines` would be as paragraphs or bullets `width` mm wide, without drawing."""
        self.set_font(FONT, "B" if bold else "", size)
        height = size * 0.48 if size < 10 else 4.8
        rows = sum(
            len(self.multi_cell(width, height, t, dry_run=True, output="LINES")) for t in lines
        )
        return rows * height

    def room_left(self) -> float:
        return self.h - self.b_margin - self.get_y()

    def bytes(self) -> bytes:
        return bytes(self.output())


def require_text(value: object, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput([f"{field}: {value!r} is not a non-empty name"])
    return value.strip()


def require_date(value: object, field: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidInput([f"{field}: {value!r} is not a date (YYYY-MM-DD)"])
    return value


def parse_date(text: str, field: str) -> dt.date:
    """A YYYY-MM-DD date from the command line, or a message naming the option."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput([f"{field}: {text!r} is not a date (YYYY-MM-DD)"]) from None
