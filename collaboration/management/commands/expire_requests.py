from django.core.management.base import BaseCommand

from collaboration.services import expire_overdue_requests


class Command(BaseCommand):
    help = "Expire open collaboration requests whose deadline has passed (safe to run often)."

    def handle(self, *args, **options):
        expired = expire_overdue_requests()
        self.stdout.write(f"Expired {len(expired)} request(s).")
