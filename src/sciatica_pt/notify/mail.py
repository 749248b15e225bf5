"""Sending one e-mail: plain text from a template, absolute links, and the sender and backend
from the settings (SMTP when configured, files under the data directory otherwise)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.http import HttpRequest
from django.template.loader import render_to_string

log = logging.getLogger("sciatica_pt.notify")

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def absolute(path: str, request: HttpRequest | None = None) -> str:
    """`path` as a link a mail client can open: the configured base URL
    (SCIATICA_PT_APP_BASE_URL), else the server that answered `request`, else the demo's."""
    if base := settings.SCIATICA_PT_APP_BASE_URL:
        return base.rstrip("/") + path
    if request is not None:
        return request.build_absolute_uri(path)
    return DEFAULT_BASE_URL + path


def send(
    to: str,
    template: str,
    context: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> None:
    """Render `notify/mail/<template>.txt` (its first line is the subject) and send it.
    Raises on a transport failure: the caller decides whether that undoes its work."""
    subject, _, body = render_to_string(f"notify/mail/{template}.txt", context).partition("\n")
    EmailMessage(subject.strip(), body.lstrip("\n"), to=[to], headers=headers).send()
    log.info("mail sent: %s", template)  # never the address or the content


def where() -> str:
    """Where mail goes, for the start-up line."""
    if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
        return f"written as files to {settings.EMAIL_FILE_PATH} (no mail server configured)"
    if settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
        return f"sent by SMTP through {settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    return f"handled by {settings.EMAIL_BACKEND}"
