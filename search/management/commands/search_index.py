"""python manage.py search_index --rebuild [--engine db|es]"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from search.services import elasticsearch_enabled, rebuild_index


class ProgressBar:
    def __init__(self, stream, engine, total, width=30):
        self.stream, self.engine, self.total, self.width = stream, engine, max(total, 1), width
        self.done = 0
        self.draw()

    def __call__(self, count):
        self.done = min(self.total, self.done + count)
        self.draw()

    def draw(self):
        filled = int(self.width * self.done / self.total)
        bar = "#" * filled + "-" * (self.width - filled)
        end = "\n" if self.done >= self.total else ""
        self.stream.write(f"\r{self.engine:>3} [{bar}] {self.done}/{self.total}{end}", ending="")
        self.stream.flush()


class Command(BaseCommand):
    help = "Rebuild the site search index (database, and Elasticsearch when configured)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Rebuild from the database.")
        parser.add_argument("--engine", choices=["db", "es"], help="Only this engine.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, rebuild=False, engine=None, no_progress=False, **options):
        if not rebuild:
            raise CommandError("Nothing to do: pass --rebuild.")
        if engine == "es" and not elasticsearch_enabled():
            raise CommandError("ELASTICSEARCH_URL is not set.")
        stream = None if no_progress else self.stdout
        started = time.monotonic()
        totals = rebuild_index(
            progress=(lambda name, total: ProgressBar(stream, name, total)) if stream else None,
            engine_names=[engine] if engine else None,
        )
        if elasticsearch_enabled() and engine != "db":
            # Pages are searched with Wagtail's own backend; rebuild its index too.
            call_command("update_index", verbosity=0)
        summary = ", ".join(f"{kind} {count}" for kind, count in totals.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Search index rebuilt in {time.monotonic() - started:.1f}s: {summary}"
            )
        )
