"""The check-in POST's statements in plain SQL, and as few round trips as the database allows.

Why: a check-in is the busiest write. Through the ORM it cost nine statements, each compiled
in Python, and every JSON column went text -> dict -> text -> pydantic on the way in and
dict -> text on the way out. Here the engine's state and the recent check-ins travel as JSON
text straight to and from pydantic's parser, the reads are one statement, and the closing
writes are sent together on PostgreSQL. Built from the models' metadata like `hot`, portable
SQL with `%s` parameters, run inside the caller's transaction (`services.checkins.log`).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connections
from django.utils import timezone

from sciatica_pt.clinic import hot, prepared
from sciatica_pt.clinic.models import Alert, AlertStatus, CheckIn, Patient, Program

DB = hot.DB
HISTORY = 60  # check-ins given to a review: enough for streaks, flares and adherence


def _vendor() -> str:
    return str(connections[DB].vendor)


def _column(model: type[Any], name: str) -> str:
    return f'"{model._meta.get_field(name).column}"'


def _json_param() -> str:
    # PostgreSQL's jsonb takes the text with a cast; SQLite stores the text as it is.
    return "CAST(%s AS jsonb)" if _vendor() == "postgresql" else "%s"


@dataclass
class Locked:
    """The patient's current program row, locked until commit, with the engine's state as
    the JSON text the database holds (None when the plan started no engine program)."""

    program: Program
    state_json: str | None


@functools.cache
def _program_query(for_update: bool) -> tuple[str, hot.Columns]:
    cols = hot.Columns(Program, "g", skip=hot.PROGRAM_DEFERRED)
    sql = (
        f"SELECT {cols.sql()}, CAST(g.{_column(Program, 'followup_state')} AS TEXT) "
        f"FROM {hot._table(Program)} g "
        f'WHERE g."patient_id" = %s AND g."is_current" = %s ORDER BY g."id" DESC LIMIT 1'
    )
    return sql + (" FOR UPDATE" if for_update else ""), cols


def writers_wait_for_each_other() -> bool:
    """True where one write transaction at a time holds the whole database (SQLite), so
    time spent inside a check-in's transaction is time every other writer waits; PostgreSQL
    locks only the patient's program row."""
    return not connections[DB].features.has_select_for_update


def lock_current_program(patient: Patient) -> Locked | None:
    """The current program (newest if several), locked: the review reads and rewrites its
    state, so a concurrent edit or check-in waits instead of being overwritten (PostgreSQL;
    SQLite's IMMEDIATE transaction already serializes writers)."""
    return _current_program(patient, connections[DB].features.has_select_for_update)


def read_current_program(patient: Patient) -> Locked | None:
    """The same row without a lock, for work done before the transaction."""
    return _current_program(patient, False)


def _current_program(patient: Patient, for_update: bool) -> Locked | None:
    sql, _ = _program_query(for_update)
    return _locked_from(patient, hot._one(sql, [patient.pk, True]))


def lock_and_read_past(patient: Patient, day: date, today: date) -> tuple[Locked | None, Recent]:
    """`lock_current_program`, then `recent` (the lock first, so the read sees every check-in
    committed before it). On PostgreSQL both run prepared, or, where preparing is switched
    off, in one round trip: planning the past's read cost more than the round trip saved
    (0.5 ms against 0.2 ms to run it, EXPLAIN ANALYZE, 2026-12-07)."""
    connection = connections[DB]
    if connection.vendor != "postgresql" or _server_side_binding() or prepared.enabled(DB):
        return lock_current_program(patient), recent(patient, day, today)
    program_sql, _ = _program_query(True)
    with connection.cursor() as cursor:
        cursor.execute(
            f"{program_sql}; {_recent_query()}",
            [patient.pk, True, *_recent_params(patient, day, today)],
        )
        program_row = cursor.fetchone()
        if not cursor.nextset():  # never read the program's result as the past
            raise RuntimeError("the past's result did not come back with the program lock")
        past = _recent_from(cursor.fetchall())
    return _locked_from(patient, program_row), past


def _locked_from(patient: Patient, row: tuple[Any, ...] | None) -> Locked | None:
    _, cols = _program_query(False)  # the same columns with or without FOR UPDATE
    if row is None:
        return None
    program = cols.build(row[:-1])
    program.patient = patient
    return Locked(program, row[-1])


@dataclass
class Recent:
    """What a check-in needs to know of the patient's past, from one statement."""

    last_data: dict[str, Any] | None = None  # the newest check-in dated before this one
    # (day, id, the engine's JSON) of the newest check-ins up to today, newest first
    history: list[tuple[date, int, str]] = field(default_factory=list)
    open_rules: set[str] = field(default_factory=set)  # rules of the patient's open alerts


@functools.cache
def _recent_query() -> str:
    t, a = hot._table(CheckIn), hot._table(Alert)
    day, data, core = _column(CheckIn, "day"), _column(CheckIn, "data"), _column(CheckIn, "core")
    newest = f'ORDER BY {day} DESC, "id" DESC'
    # SQLite hands a column declared as a date to Django's Python converter, row by row (up to
    # 61 rows here); as text it comes back as stored, ISO 8601, and `_date` reads it in C:
    # this read 0.194 -> 0.169 ms (medians of 60 alternations, 2026-12-07). PostgreSQL's
    # dates are read in C already. Its alias must not be "day": SQLite would then order by
    # the alias, not the index's column, and sort every earlier check-in (tested).
    day_out = f"CAST({day} AS TEXT)" if _vendor() == "sqlite" else day
    return (
        f'SELECT * FROM (SELECT 0 AS part, {day_out} AS on_day, "id" AS id, CAST({data} AS TEXT) '
        f'AS doc FROM {t} WHERE "patient_id" = %s AND {day} < %s {newest} LIMIT 1) last_one '
        f'UNION ALL SELECT * FROM (SELECT 1, {day_out}, "id", CAST({core} AS TEXT) FROM {t} '
        f'WHERE "patient_id" = %s AND {core} IS NOT NULL AND {day} <= %s {newest} '
        f"LIMIT {HISTORY}) history "
        f'UNION ALL SELECT 2, NULL, "id", {_column(Alert, "rule")} FROM {a} '
        f'WHERE "patient_id" = %s AND {_column(Alert, "status")} = %s'
    )


def recent(patient: Patient, day: date, today: date) -> Recent:
    with prepared.cursor(DB) as cursor:
        cursor.execute(_recent_query(), _recent_params(patient, day, today))
        return _recent_from(cursor.fetchall())


def _recent_params(patient: Patient, day: date, today: date) -> list[Any]:
    connection = connections[DB]
    prep = CheckIn._meta.get_field("day").get_db_prep_value
    params = [patient.pk, prep(day, connection), patient.pk, prep(today, connection)]
    return [*params, patient.pk, AlertStatus.OPEN.value]


def _recent_from(rows: list[tuple[Any, ...]]) -> Recent:
    found = Recent()
    for part, row_day, row_id, text in rows:
        if part == 0:
            found.last_data = json.loads(text)
        elif part == 1:
            found.history.append((_date(row_day), row_id, text))
        else:
            found.open_rules.add(text)
    found.history.sort(key=lambda r: (r[0], r[1]), reverse=True)  # a union keeps no order
    return found


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@functools.cache
def _insert_sql() -> str:
    names = ("patient", "program", "day", "data", "warning_sign", "created_at", "core")
    columns = ", ".join(_column(CheckIn, n) for n in names)
    marks = f"%s, %s, %s, {_json_param()}, %s, %s, {_json_param()}"
    return f'INSERT INTO {hot._table(CheckIn)} ({columns}) VALUES ({marks}) RETURNING "id"'


def insert_checkin(
    patient: Patient,
    program: Program | None,
    doc_json: str,
    day: date,
    warning: bool,
    core_json: str,
) -> int:
    connection = connections[DB]
    meta = CheckIn._meta
    params = [
        patient.pk,
        program.pk if program else None,
        meta.get_field("day").get_db_prep_value(day, connection),
        doc_json,
        warning,
        meta.get_field("created_at").get_db_prep_value(timezone.now(), connection),
        core_json,
    ]
    row = hot._one(_insert_sql(), params)
    assert row is not None  # RETURNING always answers one row
    return int(row[0])


# The id a check-in not yet stored sorts by: ids only grow, so it will be the patient's newest.
NOT_YET_STORED = 2**63 - 1

Statement = tuple[str, list[Any]]


def last_checkin_statement(patient: Patient, day: date) -> Statement:
    """The patient's newest check-in day moves forward only. A second log of the same day or
    a late one leaves the row unwritten, instead of rewriting it with its own value (a new
    row version on PostgreSQL, a page write on SQLite)."""
    column = _column(Patient, "last_checkin_on")
    day_param = Patient._meta.get_field("last_checkin_on").get_db_prep_value(day, connections[DB])
    sql = (
        f"UPDATE {hot._table(Patient)} SET {column} = %s "
        f'WHERE "id" = %s AND ({column} IS NULL OR {column} < %s)'
    )
    return sql, [day_param, patient.pk, day_param]


def program_review_statement(
    program: Program, state_json: str, review_json: str, changed: bool
) -> Statement:
    """The engine's new state and last review, status and flare; the version rises when
    anything a clinician sees changed, so an open edit of the old program becomes stale."""
    names = ("followup_state", "last_review", "status", "flare", "version")
    state, review, status, flare, version = (_column(Program, n) for n in names)
    sql = (
        f"UPDATE {hot._table(Program)} SET {state} = {_json_param()}, "
        f"{review} = {_json_param()}, {status} = %s, {flare} = %s, "
        f'{version} = {version} + %s WHERE "id" = %s'
    )
    return sql, [state_json, review_json, program.status, program.flare, int(changed), program.pk]


def run(statements: list[Statement]) -> None:
    """The statements in order, in one round trip where the driver allows it: psycopg's
    client-side binding (Django's default on PostgreSQL) sends several at once."""
    connection = connections[DB]
    together = connection.vendor == "postgresql" and not _server_side_binding()
    with connection.cursor() as cursor:
        if together and len(statements) > 1:
            params = [p for _, ps in statements for p in ps]
            cursor.execute("; ".join(sql for sql, _ in statements), params)
            return
        for sql, params in statements:
            cursor.execute(sql, params)


def _server_side_binding() -> bool:
    # psycopg sends several statements in one call only with client-side binding (Django's
    # default); with server-side binding each statement goes on its own.
    return bool(connections[DB].settings_dict.get("OPTIONS", {}).get("server_side_binding"))
