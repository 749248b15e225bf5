"""A patient's contact details (date of birth, e-mail, phone): each optional, each checked,
and a problem names its field; nothing is repaired or guessed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from sciatica_pt.clinic.services.errors import InvalidInput

FIELDS = ("date_of_birth", "email", "phone")
OLDEST_YEARS = 120
# Digits with the separators people write: "+44 20 7946 0958", "(555) 010-4477".
_PHONE = re.compile(r"^\+?[0-9 ()./-]+$")
PHONE_DIGITS = (6, 15)  # E.164 allows at most 15 digits


@dataclass(frozen=True)
class Contact:
    date_of_birth: dt.date | None = None
    email: str = ""
    phone: str = ""


def parse(raw: Mapping[str, object], today: dt.date) -> Contact:
    """The contact details these answers give; InvalidInput names each bad field."""
    values = {name: raw.get(name) for name in FIELDS}
    problems: list[str] = []
    texts = {}
    for name, value in values.items():
        if value is None:
            value = ""
        if not isinstance(value, str):
            problems.append(f"{name}: must be text")
            value = ""
        texts[name] = value.strip()
    born = _date_of_birth(texts["date_of_birth"], today, problems)
    email = texts["email"]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f"email: {email[:40]!r} is not an e-mail address")
    phone = texts["phone"]
    if phone:
        digits = sum(ch.isdigit() for ch in phone)
        if len(phone) > 32 or not _PHONE.match(phone):
            problems.append("phone: use digits, spaces and + ( ) - . / only")
        elif not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
            problems.append(
                f"phone: has {digits} digits; a phone number has {PHONE_DIGITS[0]} to "
                f"{PHONE_DIGITS[1]}"
            )
    if problems:
        raise InvalidInput(problems)
    return Contact(born, email, phone)


def _date_of_birth(text: str, today: dt.date, problems: list[str]) -> dt.date | None:
    if not text:
        return None
    try:
        born = dt.date.fromisoformat(text)
    except ValueError:
        problems.append(f"date_of_birth: {text[:40]!r} is not a date (YYYY-MM-DD)")
        return None
    if born > today:
        problems.append(f"date_of_birth: {born} is in the future")
    elif born.year < today.year - OLDEST_YEARS:
        problems.append(f"date_of_birth: {born} is more than {OLDEST_YEARS} years ago")
    return born
