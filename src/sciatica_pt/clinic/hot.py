"""The busiest reads and the audit insert in plain SQL.

Why: on every patient request the ORM compiled each query in Python (joins, select_related,
ordering) for about 1 ms, while the database answered in 0.1 ms; profiling showed the
program API spending most of its time there. These statements are built once per process
from the models' own metadata (tables, columns, converters), so a renamed column or a new
field still works, and return ordinary model instances: callers and permission checks are
unchanged. Portable SQL with `%s` parameters, the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import signals
from django.db.models.base import ModelState
from django.utils import timezone

from sciatica_pt.clinic import prepared
from sciatica_pt.clinic.models import (
    ApiToken,
    AuditEvent,
    ItemStatus,
    Membership,
    Patient,
    Program,
    ProgramItem,
)

DB = "default"
# The engine's state is large and no read here needs it; it loads on first access.
PROGRAM_DEFERRED = ("followup_state", "last_review")
AUDIT_FIELDS = ("at", "user", "username", "clinic", "action", "object_type", "object_id")
AUDIT_FIELDS += ("patient_id", "ip")


class Columns:
    """The SELECT list of one model under a table alias, and how to turn its values back
    into an instance (the backend's and the fields' own converters, as the ORM does)."""

    def __init__(self, model: type[models.Model], alias: str, skip: tuple[str, ...] = ()):
        self.model, self.alias = model, alias
        self.fields = [f for f in model._meta.concrete_fields if f.name not in skip]
        self.attnames = [f.attname for f in self.fields]
        connection = connections[DB]
        self.converters = [self._converters(f, connection) for f in self.fields]
        # Only the columns that have converters are visited per row (most have none).
        self.converting = [
            (i, col, converters)
            for i, (col, converters) in enumerate(self.converters)
            if converters
        ]
        # Model.__init__ spends most of its time on two signals and a setattr per field; with
        # no receiver for either signal, filling the instance's __dict__ is what it amounts
        # to (the fields absent here stay deferred and load on first access, as with from_db).
        self.direct = not (
            signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model)
        )

    def _converters(self, field: Any, connection: Any) -> tuple[Any, list[Any]]:
        col = field.get_col(self.alias)
        return col, connection.ops.get_db_converters(col) + field.get_db_converters(connection)

    def sql(self) -> str:
        return ", ".join(f'{self.alias}."{f.column}"' for f in self.fields)

    def build(self, values: tuple[Any, ...] | list[Any]) -> Any:
        if len(values) != len(self.fields):
            raise ValueError(f"{len(values)} values for {len(self.fields)} columns")
        connection = connections[DB]
        converted = list(values)
        for i, col, converters in self.converting:
            value = converted[i]
            for convert in converters:
                value = convert(value, col, connection)
            converted[i] = value
        if not self.direct:
            return self.model.from_db(DB, self.attnames, converted)
        instance = self.model.__new__(self.model)
        instance._state = ModelState()
        instance._state.adding, instance._state.db = False, DB
        instance.__dict__.update(zip(self.attnames, converted, strict=True))
        return instance


def _table(model: type[models.Model]) -> str:
    return f'"{model._meta.db_table}"'


@functools.cache
def _user_query() -> tuple[str, list[Columns]]:
    """The user with their role (membership or patient record) in one statement."""
    parts = [
        Columns(get_user_model(), "u"),
        Columns(Membership, "m"),
        Columns(Patient, "p"),
    ]
    select = ", ".join(c.sql() for c in parts)
    sql = (
        f"SELECT {select} FROM {_table(get_user_model())} u "
        f'LEFT JOIN {_table(Membership)} m ON m."user_id" = u."id" '
        f'LEFT JOIN {_table(Patient)} p ON p."user_id" = u."id" '
    )
    return sql, parts


def _user_from(row: tuple[Any, ...], parts: list[Columns]) -> Any:
    """Split one joined row into the user and their cached membership and patient record;
    a missing one is cached as None, so `user.membership` raises DoesNotExist as usual."""
    start, objects = 0, []
    for part in parts:
        chunk = row[start : start + len(part.fields)]
        start += len(part.fields)
        objects.append(part.build(chunk) if chunk[0] is not None else None)
    user, membership, patient = objects
    user._state.fields_cache["membership"] = membership
    user._state.fields_cache["patient_profile"] = patient
    for related in (membership, patient):
        if related is not None:
            related._state.fields_cache["user"] = user
    return user


def _one(sql: str, params: list[Any]) -> tuple[Any, ...] | None:
    with prepared.cursor(DB) as cursor:
        cursor.execute(sql, params)
        row: tuple[Any, ...] | None = cursor.fetchone()
        return row


def user_by_token(token_digest: str) -> Any:
    """The token's user with their role, or None."""
    sql, parts = _user_query()
    where = f'WHERE u."id" = (SELECT t."user_id" FROM {_table(ApiToken)} t WHERE t."digest" = %s)'
    row = _one(sql + where, [token_digest])
    return _user_from(row, parts) if row else None


def user_by_id(user_id: Any) -> Any:
    """The user with their role, or None (the session's user, on every page)."""
    sql, parts = _user_query()
    try:
        user_pk = get_user_model()._meta.pk.to_python(user_id)
    except (ValidationError, ValueError, TypeError):  # a malformed session value: no user
        return None
    row = _one(sql + 'WHERE u."id" = %s', [user_pk])
    return _user_from(row, parts) if row else None


@functools.cache
def _items_query() -> tuple[str, Columns, Columns]:
    program = Columns(Program, "g", skip=PROGRAM_DEFERRED)
    item = Columns(ProgramItem, "i")
    sql = (
        f"SELECT {program.sql()}, {item.sql()} FROM {_table(Program)} g "
        f'LEFT JOIN {_table(ProgramItem)} i ON i."program_id" = g."id" AND i."status" = %s '
        f'WHERE g."patient_id" = %s AND g."is_current" = %s '
        f'ORDER BY g."id" DESC, i."position", i."id"'
    )
    return sql, program, item


def current_items(patient: Patient) -> tuple[Program | None, list[ProgramItem]]:
    """The current program (newest if several) and its active items, in one statement."""
    sql, _, _ = _items_query()
    return _items_from(patient, _all(sql, [ItemStatus.ACTIVE.value, patient.pk, True]))


@functools.cache
def _audited_items_query() -> str:
    """The items query with the read's audit row written by the same statement (PostgreSQL's
    data-modifying WITH): one snapshot, so the row names the program the read returns."""
    sql, _, _ = _items_query()
    newest = (
        f'SELECT g."id" FROM {_table(Program)} g WHERE g."patient_id" = %s AND '
        f'g."is_current" = %s ORDER BY g."id" DESC LIMIT 1'
    )
    names = ", ".join(f'"{AuditEvent._meta.get_field(f).column}"' for f in AUDIT_FIELDS)
    read_id = """COALESCE((SELECT CAST(n."id" AS TEXT) FROM newest n), '')"""
    marks = ", ".join(read_id if f == "object_id" else "%s" for f in AUDIT_FIELDS)
    insert = f"INSERT INTO {_table(AuditEvent)} ({names}) VALUES ({marks})"
    return f"WITH newest AS ({newest}), audit_row AS ({insert}) {sql}"


def current_items_audited(
    patient: Patient, audit_values: dict[str, Any]
) -> tuple[Program | None, list[ProgramItem]]:
    """`current_items`, and the audit row of the read (`audit_values`, its object id the
    program's, or "" when there is none): on PostgreSQL in the same statement, one round trip
    instead of two; on SQLite, in-process and without round trips, one after the other."""
    if connections[DB].vendor != "postgresql":
        program, items = current_items(patient)
        insert_audit({**audit_values, "object_id": str(program.pk) if program else ""})
        return program, items
    _, params = audit_statement({**audit_values, "object_id": ""})
    row_params = [p for f, p in zip(AUDIT_FIELDS, params, strict=True) if f != "object_id"]
    active = ItemStatus.ACTIVE.value
    params = [patient.pk, True, *row_params, active, patient.pk, True]
    return _items_from(patient, _all(_audited_items_query(), params))


def _all(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with prepared.cursor(DB) as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _items_from(
    patient: Patient, rows: list[tuple[Any, ...]]
) -> tuple[Program | None, list[ProgramItem]]:
    _, program_cols, item_cols = _items_query()
    if not rows:
        return None, []
    width = len(program_cols.fields)
    program = program_cols.build(rows[0][:width])
    program.patient = patient
    items = []
    for row in rows:
        if row[0] != program.pk:
            break
        if row[width] is not None:
            item = item_cols.build(row[width:])
            item._state.fields_cache["program"] = program
            items.append(item)
    return program, items


@functools.cache
def _audit_insert() -> str:
    names = ", ".join(f'"{AuditEvent._meta.get_field(f).column}"' for f in AUDIT_FIELDS)
    marks = ", ".join(["%s"] * len(AUDIT_FIELDS))
    return f"INSERT INTO {_table(AuditEvent)} ({names}) VALUES ({marks})"


def audit_statement(values: dict[str, Any]) -> tuple[str, list[Any]]:
    """One audit row as a statement, without building a model instance (every read writes
    one), for callers that send it with others (`checkin_store.run`)."""
    connection = connections[DB]
    values = {**values, "at": timezone.now()}
    params = [
        AuditEvent._meta.get_field(f).get_db_prep_value(values[f], connection) for f in AUDIT_FIELDS
    ]
    return _audit_insert(), params


def insert_audit(values: dict[str, Any]) -> None:
    sql, params = audit_statement(values)
    connection = connections[DB]
    with prepared.cursor(DB) as cursor:
        # SQLite (clinic.sqlite_backend): a writer that finds the lock held waits in short
        # steps, not in SQLite's busy handler.
        if (write := getattr(connection, "execute_one_write", None)) is not None:
            write(cursor, sql, params)
        else:
            cursor.execute(sql, params)
