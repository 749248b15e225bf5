"""Logs carry ids, never names: a database error's detail quotes the values of the row it
refused (PostgreSQL: `Key (username)=(alex) already exists`, `Failing row contains (...)`),
so the handler's filter replaces those values, in the message and in the traceback, before
anything is written."""

from __future__ import annotations

import logging
import re

_VALUES = (
    (re.compile(r"(Key \([^)]*\))=\((?:[^()]|\([^()]*\))*\)"), r"\1=(...)"),
    (re.compile(r"(Failing row contains )\(.*\)"), r"\1(...)"),
)


def without_values(text: str) -> str:
    for pattern, replacement in _VALUES:
        text = pattern.sub(replacement, text)
    return text


class HideRowValues(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = without_values(record.exc_text)
        message = record.getMessage()
        if (cleaned := without_values(message)) != message:
            record.msg, record.args = cleaned, None
        return True
