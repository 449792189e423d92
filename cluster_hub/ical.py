"""A minimal iCalendar (RFC 5545) writer shared by equipment bookings and event tickets."""

from dataclasses import dataclass
from datetime import UTC

from django.utils import timezone


@dataclass
class CalendarEntry:
    uid: str
    starts_at: object
    ends_at: object
    summary: str
    location: str = ""
    description: str = ""
    status: str = "CONFIRMED"


def _escape(text):
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line):
    """Lines longer than 75 octets continue on the next line after a space."""
    if len(line.encode()) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _stamp(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(entries, *, product):
    now = _stamp(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//ClusterHub//{product}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for entry in entries:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{entry.uid}",
            f"DTSTAMP:{now}",
            f"DTSTART:{_stamp(entry.starts_at)}",
            f"DTEND:{_stamp(entry.ends_at)}",
            f"SUMMARY:{_escape(entry.summary)}",
            f"LOCATION:{_escape(entry.location)}",
            f"DESCRIPTION:{_escape(entry.description)}",
            f"STATUS:{entry.status}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
