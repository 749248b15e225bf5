"""In-app notifications: a person's own list, newest first, and marking lines read."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from sciatica_pt.notify.models import Notification

SHOWN = 50


def add(user: Any, kind: str, text: str, link: str = "") -> Notification:
    return Notification.objects.create(user=user, kind=kind, text=text[:300], link=link[:300])


def of(user: Any) -> QuerySet[Notification]:
    """Only ever the user's own."""
    return Notification.objects.filter(user_id=user.pk)


def unread_count(user: Any) -> int:
    return of(user).filter(read_at__isnull=True).count() if user.is_authenticated else 0


def mark_read(user: Any, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications (or all of them) read; the number changed. Another
    person's notification is never touched (0)."""
    found = of(user).filter(read_at__isnull=True)
    if notification_id is not None:
        found = found.filter(pk=notification_id)
    return found.update(read_at=timezone.now())
