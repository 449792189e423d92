from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from matchmaking.services import expire_requests


class Command(BaseCommand):
    help = (
        "Expire meeting requests left unanswered past their fair's deadline and remind "
        "recipients a day before (safe to run often, e.g. hourly from cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", help="ISO time to act as of (for tests and catch-up runs)")

    def handle(self, *args, now=None, **options):
        when = None
        if now:
            try:
                when = datetime.fromisoformat(now)
            except ValueError:
                raise CommandError("--now takes an ISO 8601 time") from None
        counts = expire_requests(now=when)
        self.stdout.write(f"Expired {counts['expired']}, reminded {counts['reminded']}.")
