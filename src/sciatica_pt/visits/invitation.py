"""A visit as an iCalendar invitation (RFC 5545 with iTIP, RFC 5546), made with `icalendar`.

Pure: no Django, no clock (`now` is given). METHOD:REQUEST adds or updates the event in the
recipient's calendar, METHOD:CANCEL removes it. The UID stays the same for a visit across
every change and SEQUENCE rises with each change, so a calendar app replaces the earlier
invitation instead of adding a second event. Times are written in UTC (`...Z`): a calendar
shows them in the device's own zone, and there is no time-zone definition to get wrong around
a daylight-saving change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//Sciatica PT//visits//EN"


@dataclass(frozen=True)
class Person:
    name: str
    email: str

    def address(self) -> vCalAddress:
        found = vCalAddress(f"mailto:{self.email}")
        found.params["CN"] = vText(self.name)
        return found


@dataclass(frozen=True)
class Invitation:
    uid: str
    sequence: int
    cancelled: bool
    start: dt.datetime  # time-zone aware
    end: dt.datetime
    summary: str
    location: str
    description: str
    organizer: Person
    attendee: Person

    @property
    def method(self) -> str:
        return "CANCEL" if self.cancelled else "REQUEST"


def _utc(moment: dt.datetime, field: str) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError(f"{field}: a time with its time zone")
    return moment.astimezone(dt.UTC)


def ics(invitation: Invitation, now: dt.datetime) -> bytes:
    """The calendar file of one invitation, for the recipient `invitation.attendee`."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", invitation.method)
    event = Event()
    event.add("uid", invitation.uid)
    event.add("sequence", invitation.sequence)
    event.add("dtstamp", _utc(now, "now"))
    event.add("dtstart", _utc(invitation.start, "start"))
    event.add("dtend", _utc(invitation.end, "end"))
    event.add("summary", invitation.summary)
    event.add("location", invitation.location)
    event.add("description", invitation.description)
    event.add("status", "CANCELLED" if invitation.cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("organizer", invitation.organizer.address())
    attendee = invitation.attendee.address()
    attendee.params.update({"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "ACCEPTED", "RSVP": "FALSE"})
    event.add("attendee", attendee)
    calendar.add_component(event)
    return bytes(calendar.to_ical())
