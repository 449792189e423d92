from django.core.management.base import BaseCommand

from forums.services import send_attendance_reminders


class Command(BaseCommand):
    help = (
        "Remind accepted pitchers who have not confirmed attendance (at most every two days, "
        "until the forum; safe to run often)."
    )

    def handle(self, *args, **options):
        reminded = send_attendance_reminders()
        self.stdout.write(f"Reminded {len(reminded)} pitcher(s).")
