"""Set up a live room for load tests and browser tests: an event with one session, a
coordinator, an asker and N signed-in viewers. Prints JSON with their session cookies.

Not demo data (use `load_demo_data` for that): benchmarks/qa_fanout.py and the live browser
test run it against a throw-away database.
"""

import json
from datetime import timedelta
from importlib import import_module

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from cluster_hub.pages import republish, site_root
from clusters.models import ClusterRole, MiniClusterIndexPage, MiniClusterPage
from clusters.services import assign_role, create_token, import_logins, import_member
from events.models import EventIndexPage, EventPage, EventSession
from events.services import import_registrations
from home.services import ensure_locales, set_up_home

User = get_user_model()


def session_key(user):
    """A signed-in session for `user`, as a login would store it."""
    # The configured engine (cached_db): the cache holds it as a login would leave it.
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    return store.session_key


class Command(BaseCommand):
    help = "Create a live room with N signed-in viewers and print their session cookies (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--viewers", type=int, default=2)
        parser.add_argument("--moderated", action="store_true")
        parser.add_argument(
            "--tokens", action="store_true", help="also print personal tokens of both people"
        )

    def handle(self, *args, viewers, moderated, tokens=False, **options):
        with transaction.atomic():
            locale = ensure_locales(["ko"])["ko"]
            home = site_root(locale) or set_up_home(
                locale=locale, title="ClusterHub", slug="clusterhub-home"
            )
            cluster_index = MiniClusterIndexPage.objects.first()
            if cluster_index is None:
                cluster_index = MiniClusterIndexPage(title="미니클러스터", slug="clusters")
                home.add_child(instance=cluster_index)
                cluster_index.save_revision().publish()
            cluster = MiniClusterPage.objects.first()
            if cluster is None:
                cluster = MiniClusterPage(
                    title="탄소부품소재 미니클러스터", slug="carbon", field="carbon", summary="탄소"
                )
                cluster_index.add_child(instance=cluster)
                cluster.save_revision().publish()
            index = EventIndexPage.objects.filter(locale=locale).first()
            if index is None:
                index = EventIndexPage(title="행사", slug="events")
                home.add_child(instance=index)
                index.save_revision().publish()
            now = timezone.now()
            number = EventPage.objects.count() + 1
            event = EventPage(
                title=f"실시간 질의응답 {number}",
                slug=f"live-{number}",
                starts_at=now - timedelta(minutes=5),
                ends_at=now + timedelta(hours=2),
                venue="구미코",
                moderated=moderated,
                allow_anonymous=True,
            )
            index.add_child(instance=event)
            event.host_clusters.set([cluster])
            session = EventSession(
                title="Q&A", starts_at=event.starts_at, ends_at=event.ends_at, room="A"
            )
            event = republish(event, actor=None, children={"sessions": [session]})
            session = event.sessions.get()

            def person(username, name):
                return import_member(
                    actor=None, username=username, email=f"{username}@load.example", full_name=name
                )

            coordinator = person(f"live-coordinator-{number}", "박지현")
            assign_role(
                actor=None, user=coordinator, kind=ClusterRole.Kind.COORDINATOR, cluster=None
            )
            if not Authenticator.objects.filter(user=coordinator).exists():
                TOTP.activate(coordinator, generate_totp_secret())  # coordinators need 2FA
            asker = person(f"live-asker-{number}", "이서연")
            start = User.objects.count()
            new_viewers = import_logins(
                actor=None,
                usernames=[f"viewer-{start + i}" for i in range(viewers)],
                email_domain="load.example",
            )
            # Registered, as the room's default rule (registered attendees take part) wants.
            import_registrations(event, actor=None, users=[asker, *new_viewers])
            live = event.url + event.reverse_subpage("live", args=[session.pk])
            payload = {
                "session": session.pk,
                "event_url": event.url,
                "live_url": live,
                "screen_url": event.url + event.reverse_subpage("screen", args=[session.pk]),
                "console_url": event.url + event.reverse_subpage("console"),
                "coordinator": session_key(coordinator),
                "asker": session_key(asker),
                "viewers": [session_key(user) for user in new_viewers],
            }
            if tokens:
                payload["tokens"] = {
                    "coordinator": create_token(actor=coordinator, name="fixture")[1],
                    "asker": create_token(actor=asker, name="fixture")[1],
                }
        self.stdout.write(json.dumps(payload))
