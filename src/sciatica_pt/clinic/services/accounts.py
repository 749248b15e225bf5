"""What staff and patients' logins share: the checks every new login passes, who the people
of a clinic are, stopping and restoring a login, reading a stored id from text, and one
audited change of a patient's row.

User names are compared as they are stored: Django stores a username in Unicode's NFKC form
(full-width `ａｌｅｘ` is stored as `alex`), so the check for a taken name normalises first,
and ignores case (`alex` and `Alex` cannot both exist: one person would be taken for the
other). Two requests racing for one name both pass the check; the database's unique index
refuses the second, which is answered like a taken name, never with a server error."""

from __future__ import annotations

import re
import unicodedata
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from sciatica_pt.clinic import audit
from sciatica_pt.clinic.models import ApiToken, Patient
from sciatica_pt.clinic.services.errors import InvalidInput

# Control characters (line breaks included: a name is one line) and bidirectional overrides
# and isolates, which make a stored name display as another ("ann\u202egpj.exe").
_NOT_IN_NAMES = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def normal_username(raw: str) -> str:
    """The username as Django stores it (NFKC), without surrounding spaces."""
    return unicodedata.normalize("NFKC", raw).strip()


def name_problems(field: str, value: str, longest: int, wording: str = "") -> list[str]:
    """A one-line name of 1 to `longest` characters (0 to `longest` when `wording` says
    "at most"), without control or bidirectional override characters; `wording` is the
    length rule as the form states it."""
    if _NOT_IN_NAMES.search(value):
        return [f"{field}: control and bidirectional override characters are not allowed"]
    wording = wording or f"1 to {longest} characters are required"
    optional = wording.startswith("at most")
    if (not optional and not value.strip()) or len(value) > longest:
        return [f"{field}: {wording}"]
    return []


def username_taken(username: str) -> bool:
    return get_user_model().objects.filter(username__iexact=normal_username(username)).exists()


def login_problems(
    username: str, password: str, first_name: str = "", last_name: str = ""
) -> list[str]:
    """A new login's username (1 to 150 characters, not taken in any case or width) and
    password (the configured validators, which compare it with the username and name), one
    line per problem naming the field."""
    username = normal_username(username)
    problems = name_problems("username", username, 150)
    if not problems and username_taken(username):
        problems.append(f"username: {username!r} is already taken")
    someone = get_user_model()(username=username, first_name=first_name, last_name=last_name)
    return problems + password_problems(password, someone)


def create_login(username: str, password: str, **fields: Any) -> Any:
    """A new user (after `login_problems` found none); a name taken meanwhile by a request
    that won the race is refused like any taken name."""
    username = normal_username(username)
    try:
        with transaction.atomic():
            return get_user_model().objects.create_user(username, password=password, **fields)
    except IntegrityError:
        raise InvalidInput([f"username: {username!r} is already taken"]) from None


def password_problems(password: str, user: Any = None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return [f"password: {m}" for m in exc.messages]
    return []


def of_clinic(clinic_id: int, prefix: str = "") -> Q:
    """Users who are people of the clinic: its staff and its patients with a login. `prefix`
    reaches the user through a relation (`"user__"` from a row that belongs to one)."""
    staff = Q(**{f"{prefix}membership__clinic_id": clinic_id})
    return staff | Q(**{f"{prefix}patient_profile__clinic_id": clinic_id})


def set_active(account: Any, active: bool) -> bool:
    """Stop or restore a login; True when that changed it. Stopping is final for what was
    open: the user's sessions are deleted and their API tokens revoked, so restoring the
    login later allows new logins only (an admin issues new tokens)."""
    if account.is_active == active:
        return False
    get_user_model().objects.filter(pk=account.pk).update(is_active=active)
    account.is_active = active
    if not active:
        end_access(account)
    return True


def end_access(account: Any) -> None:
    """End every session the user has open and revoke every API token they hold: after a
    stop, or a password set by someone else."""
    end_sessions(account)
    ApiToken.objects.filter(user_id=account.pk).delete()


def end_sessions(account: Any) -> int:
    """Delete the user's sessions from Django's database session store. A session names its
    user only inside its signed data, so each unexpired session is decoded: a scan of the
    open sessions, on an admin's rare action."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = store.get_model_class().objects
    mine = str(account.pk)
    open_now = sessions.filter(expire_date__gt=timezone.now()).values_list(
        "session_key", "session_data"
    )
    keys = [
        key for key, data in open_now.iterator() if store().decode(data).get(SESSION_KEY) == mine
    ]
    return int(sessions.filter(session_key__in=keys).delete()[0])


def stored_id(raw: object) -> int | None:
    """A database id written as text (digits only, within the database's integers), or None:
    never an overflow on the way to a lookup."""
    text = str(raw)
    return int(text) if text.isdigit() and len(text) <= 18 else None


def change_patient(
    request: HttpRequest | None, actor: Any, patient: Patient, change: str, **fields: Any
) -> None:
    """Write `fields` to the patient's row and to `patient`, and audit `change` as a write
    by `actor`."""
    Patient.objects.filter(pk=patient.pk).update(**fields)
    for name, value in fields.items():
        setattr(patient, name, value)
    audit.write(request, actor, change, patient.pk, patient.pk)
