"""Readable, field-named messages for rejected input.

The spec wants one line per problem, naming the field path: `symptoms.leg_pain_nrs: 14 is
above 10`. Pydantic's own wording is for programmers, so each error type gets a sentence here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails


class InvalidInput(ValueError):
    """Input that was rejected; `problems` holds one readable line per problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


def field_path(loc: Sequence[int | str], prefix: str = "") -> str:
    parts = [prefix] if prefix else []
    for part in loc:
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1] if parts else ''}[{part}]"]
        elif part != "[key]" and not part.startswith(("function-", "tagged-union")):
            parts.append(part)
    return ".".join(parts) or "(top level)"


def describe(error: ErrorDetails) -> str:
    given = error.get("input")
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    kind = error["type"]
    shown = _show(given)
    simple = {
        "missing": "is required",
        "extra_forbidden": "is not a known field",
        "bool_type": f"{shown} is not true, false or null",
        "int_type": f"{shown} is not a whole number",
        "int_from_float": f"{shown} is not a whole number",
        "int_parsing": f"{shown} is not a whole number",
        "float_type": f"{shown} is not a number",
        "float_parsing": f"{shown} is not a number",
        "string_type": f"{shown} is not text",
        "list_type": f"{shown} is not a list",
        "dict_type": f"{shown} is not a mapping of fields",
        "model_type": f"{shown} is not a mapping of fields",
        "date_type": f"{shown} is not a date (YYYY-MM-DD)",
        "date_from_datetime_parsing": f"{shown} is not a date (YYYY-MM-DD)",
        "date_parsing": f"{shown} is not a date (YYYY-MM-DD)",
    }
    if kind in simple:
        return simple[kind]
    bounds = {
        "less_than_equal": ("le", "above"),
        "less_than": ("lt", "not below"),
        "greater_than_equal": ("ge", "below"),
        "greater_than": ("gt", "not above"),
    }
    if kind in bounds:
        key, word = bounds[kind]
        return f"{shown} is {word} {ctx[key]}"
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", "")).replace("'", "")
        return f"{shown} is not one of {expected}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "string_pattern_mismatch":
        return f"{shown} does not match the expected form {ctx.get('pattern')}"
    if kind in ("too_short", "too_long"):
        return f"{error['msg'].lower()}"
    if kind == "string_too_short":  # blank text, once trimmed, is empty
        least = ctx.get("min_length")
        return "is empty" if least == 1 else f"{shown} is shorter than {least} characters"
    if kind == "string_too_long":
        return f"{shown} is longer than {ctx.get('max_length')} characters"
    return f"{shown}: {error['msg']}"


SHOWN_CHARACTERS = 40  # of a rejected text: enough to find it, never the whole of a long one


def _show(value: Any) -> str:
    if isinstance(value, str):
        if len(value) > SHOWN_CHARACTERS:
            return f"{value[:SHOWN_CHARACTERS]!r}... ({len(value)} characters)"
        return repr(value)
    if isinstance(value, dict | list):
        return "the value"
    return str(value).lower() if isinstance(value, bool) else str(value)


def problems_of(exc: ValidationError, prefix: str = "") -> list[str]:
    """One line per problem, `path: message`, in a stable order."""
    lines = [f"{field_path(e['loc'], prefix)}: {describe(e)}" for e in exc.errors()]
    return sorted(dict.fromkeys(lines))
