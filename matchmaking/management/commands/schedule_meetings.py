"""Run the automatic meeting scheduler for a buyer fair from the command line:

    python manage.py schedule_meetings EVENT_SLUG            # make (or remake) the draft
    python manage.py schedule_meetings EVENT_SLUG --publish  # and publish it

Prints what was placed and why each request left out could not be."""

from django.core.management.base import BaseCommand, CommandError

from matchmaking import queries, services


class Command(BaseCommand):
    help = "Place the accepted meeting requests of a buyer fair into slots and tables."

    def add_arguments(self, parser):
        parser.add_argument("event_slug")
        parser.add_argument("--publish", action="store_true", help="publish the draft")
        parser.add_argument("--time-limit", type=float, default=8.0, help="seconds (default 8)")

    def handle(self, *args, event_slug, publish, time_limit, **options):
        matchmaking = queries.matchmaking_for_slug(event_slug)
        if matchmaking is None:
            raise CommandError(f"No event with 1:1 meetings has the slug {event_slug!r}.")
        report = services.run_scheduler(
            matchmaking, actor=services.COMMAND_LINE, time_limit=time_limit
        )
        self.stdout.write(
            f"{report['placed']} placed, {report['kept']} kept, "
            f"{len(report['unplaced'])} left out of {report['requests']} "
            f"({report['seconds']} s)"
        )
        for request_id, reason in sorted(report["unplaced"].items(), key=lambda r: int(r[0])):
            self.stdout.write(f"  request {request_id}: {reason}")
        if publish:
            count = services.publish_schedule(matchmaking, actor=services.COMMAND_LINE)
            self.stdout.write(f"{count} meetings published")
