"""Database sessions (shared by every worker and app server), with the per-request read in
plain SQL: Django's own store compiles an ORM query on every page for a one-row lookup by
primary key. Writes (login, logout, messages) stay with Django's store."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.utils import timezone

from sciatica_pt.clinic import prepared

SQL = (
    f'SELECT "session_data" FROM "{Session._meta.db_table}" '
    'WHERE "session_key" = %s AND "expire_date" > %s'
)


class SessionStore(DatabaseStore):
    def _get_session_from_db(self) -> Any:
        if not self.session_key:
            return None
        connection = connections[router.db_for_read(Session)]
        now = Session._meta.get_field("expire_date").get_db_prep_value(timezone.now(), connection)
        with prepared.cursor(connection.alias) as cursor:
            cursor.execute(SQL, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django's store: an unknown or expired key is dropped
            return None
        return Session(session_key=self.session_key, session_data=row[0])
