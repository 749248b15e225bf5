from typing import Any

from django import template

from sciatica_pt.notify import notifications

register = template.Library()


@register.simple_tag
def unread_notifications(user: Any) -> int:
    """How many of the user's notifications are unread (0 when logged out)."""
    return notifications.unread_count(user)
