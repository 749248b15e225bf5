"""Errors the services raise; views and API routes turn them into clear messages."""

from __future__ import annotations

from sciatica_pt.core.errors import InvalidInput

__all__ = ["InvalidInput", "StaleVersion"]


class StaleVersion(Exception):
    """Someone else changed the program since this edit started: refuse, never overwrite."""

    def __init__(self, expected: int, current: int) -> None:
        super().__init__(
            f"This program was changed by someone else (you edited version {expected}, it is "
            f"now version {current}). Nothing was saved: reload it and make your change again."
        )
        self.expected = expected
        self.current = current
