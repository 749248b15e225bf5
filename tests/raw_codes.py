"""Finding raw codes in text people read: snake_case words (`pt_appropriate`, `per_day`) and
dotted ids (`ci.insensate-skin-thermal`, `red_flags.fever`, `pain.new-neuro`)."""

from __future__ import annotations

import re

SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
DOTTED_ID = re.compile(r"\b[a-z][a-z_-]*\.[a-z][a-z0-9_-]+\b")
# Words that look dotted but are prose ("e.g."), never codes.
PROSE = frozenset({"e.g", "i.e"})


def raw_codes(text: str) -> set[str]:
    found = set(SNAKE_CASE.findall(text)) | set(DOTTED_ID.findall(text))
    return {code for code in found if code not in PROSE}
