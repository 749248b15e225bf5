"""What no route can store or survive, refused before any view runs, with the field named:

- a JSON body nested deeper than `MAX_DEPTH` (Python's parser recurses; 1,000 brackets were a
  RecursionError and a traceback in the log),
- a NUL character anywhere in a query string, a form field or a JSON string (PostgreSQL
  cannot store one in text; SQLite would, and every reader after it would carry it), and
  other control characters (all but tab and line breaks) and bidirectional overrides and
  isolates (U+202A-U+202E, U+2066-U+2069: "ann\u202egpj.exe" shows as "annexe.jpg"), which
  no name, note or reason needs and which make stored text display as something else,
- NaN and Infinity in JSON (not JSON at all; PostgreSQL's jsonb refuses them),
- a body past Django's DATA_UPLOAD_MAX_MEMORY_SIZE (413, not a traceback).

API and CDS Hooks callers get their own error shapes (422 `{"detail": [...]}` and 400
`{"error", "problems"}`); pages a plain 400. Nothing is read from or written to the database.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse

MAX_DEPTH = 64
# A JSON string literal (escapes included), so brackets inside text are not counted.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKET = re.compile(rb"[^\[\]{}]+")
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
# Control characters but tab, line feed and carriage return; DEL and C1; bidi overrides and
# isolates. NUL is named on its own (the commonest, and the one PostgreSQL refuses).
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


class _NotANumber:
    """Where the body had NaN, Infinity or a number too large for a float."""


_NAN = _NotANumber()


def request_guard(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        try:
            problems = request_problems(request)
        except RequestDataTooBig:
            return refuse(request, ["(body): is too large"], status=413)
        if problems:
            return refuse(request, problems)
        return get_response(request)

    return middleware


def request_problems(request: HttpRequest) -> list[str]:
    problems = list(_field_problems(request.GET.lists()))
    if request.method in ("GET", "HEAD", "OPTIONS", "DELETE"):
        return problems
    if request.content_type in _FORMS:
        request.body  # noqa: B018  (kept, so a route may still read the raw body after this)
        return problems + list(_field_problems(request.POST.lists()))
    return problems + json_problems(request.body)


def text_problem(text: str) -> str | None:
    """What makes `text` unstorable, or None."""
    if "\x00" in text:
        return "contains a NUL character"
    if _CONTROL.search(text):
        return "contains a control character"
    if _BIDI.search(text):
        return "contains a bidirectional override character"
    return None


def _field_problems(pairs: Iterator[tuple[str, list[str]]]) -> Iterator[str]:
    for key, values in pairs:
        if (problem := text_problem(key)) is not None:
            yield f"(a field name): {problem}"
            continue
        for value in values:
            if (problem := text_problem(value)) is not None:
                yield f"{key}: {problem}"
                break


def json_depth(body: bytes, limit: int = MAX_DEPTH) -> int:
    """The deepest nesting of arrays and objects in `body` (strings skipped); counting stops
    once past `limit`."""
    brackets = _NOT_BRACKET.sub(b"", _STRING.sub(b"", body))
    level = deepest = 0
    for byte in brackets:
        if byte in b"[{":
            level += 1
            if level > deepest:
                deepest = level
                if deepest > limit:
                    break
        else:
            level -= 1
    return deepest


def json_problems(body: bytes) -> list[str]:
    """Problems of a JSON body; a body that is not JSON is left to the route to refuse."""
    if not body.strip():
        return []
    if json_depth(body) > MAX_DEPTH:
        return [f"(body): is nested more than {MAX_DEPTH} levels deep"]
    try:
        data = json.loads(body, parse_constant=lambda _: _NAN, parse_float=_finite)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return []
    return list(_walk(data, ""))


def _finite(text: str) -> object:
    number = float(text)
    return number if math.isfinite(number) else _NAN


def _walk(value: Any, path: str) -> Iterator[str]:
    where = path or "(top level)"
    if value is _NAN:
        yield f"{where}: is not a finite number"
    elif isinstance(value, str):
        if (problem := text_problem(value)) is not None:
            yield f"{where}: {problem}"
    elif isinstance(value, dict):
        for key, item in value.items():
            if (problem := text_problem(key)) is not None:
                yield f"{where}: a field name {problem}"
                continue
            yield from _walk(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")


def refuse(request: HttpRequest, problems: list[str], status: int = 0) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": problems}, status=status or 422)
    if request.path.startswith("/cds-services"):
        from sciatica_pt.interop.cds_hooks_api import problem

        return problem(status or 400, "the request is not a valid CDS Hooks call", problems)
    text = "The request was refused:\n" + "\n".join(problems) + "\n"
    return HttpResponse(text, status=status or 400, content_type="text/plain; charset=utf-8")
