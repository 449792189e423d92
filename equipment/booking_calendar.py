"""The week view of one piece of equipment and the iCalendar export of a member's bookings."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from cluster_hub.ical import CalendarEntry, calendar


@dataclass
class Day:
    date: object
    bookings: list

    @property
    def is_today(self):
        return self.date == timezone.localdate()


def week_days(monday, bookings):
    """Seven days from `monday`, each with the bookings that touch it (local time)."""
    days = [Day(date=monday + timedelta(days=offset), bookings=[]) for offset in range(7)]
    for booking in bookings:
        start = timezone.localtime(booking.starts_at).date()
        end = timezone.localtime(booking.ends_at).date()
        for day in days:
            if start <= day.date <= end:
                day.bookings.append(booking)
    return days


def ical_for_bookings(bookings, *, host, status_labels):
    entries = []
    for booking in bookings:
        status = "CONFIRMED" if booking.status == booking.Status.APPROVED else "TENTATIVE"
        if not booking.holds_slot:
            status = "CANCELLED"
        entries.append(
            CalendarEntry(
                uid=f"booking-{booking.pk}@{host}",
                starts_at=booking.starts_at,
                ends_at=booking.ends_at,
                summary=booking.equipment.name,
                location=booking.equipment.location,
                description=f"{booking.purpose} ({status_labels[booking.status]})",
                status=status,
            )
        )
    return calendar(entries, product="Equipment bookings")


# The calendar pages through two years either side of today; further out there is nothing to
# show, and dates near the ends of the calendar (0001-01-01, 9999-12-31) would overflow.
CALENDAR_REACH = timedelta(days=730)


def monday_of(day):
    return day - timedelta(days=day.weekday())


def week_to_show(chosen, today):
    """The Monday of the week asked for, brought within reach of `today`."""
    day = min(max(chosen or today, today - CALENDAR_REACH), today + CALENDAR_REACH)
    return monday_of(day)
