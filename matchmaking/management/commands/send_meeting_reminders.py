from django.core.management.base import BaseCommand

from matchmaking.services import send_reminders_and_follow_ups


class Command(BaseCommand):
    help = (
        "Remind people of tomorrow's meetings and ask, three months after a meeting, what came "
        "of it (each once; safe to run often, e.g. hourly from cron)."
    )

    def handle(self, *args, **options):
        counts = send_reminders_and_follow_ups()
        self.stdout.write(
            f"Reminded {counts['reminded']}, asked {counts['follow_ups']} follow-up(s)."
        )
