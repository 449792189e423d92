"""A buyer fair with 1:1 meetings: a coordinator of the host cluster, an exhibitor (a member
for their organisation), a buyer, a second exhibitor, and people who do not take part."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import services as event_services
from events.models import EventPage
from matchmaking import services
from matchmaking.models import Participant
from tests.events.conftest import make_event
from tests.factories import MemberProfileFactory, UserFactory

Role = Participant.Role


@pytest.fixture
def event_index(site_tree):
    from events.models import EventIndexPage

    index = EventIndexPage(title="행사", slug="events")
    site_tree["home"].add_child(instance=index)
    index.save_revision().publish()
    return EventIndexPage.objects.get(pk=index.pk)


@pytest.fixture
def fair_event(event_index, site_tree):
    return make_event(
        event_index,
        site_tree,
        slug="siheung-fair",
        title="2026 시흥 구매상담회",
        kind=EventPage.Kind.BUYER_FAIR,
    )


@pytest.fixture
def fair(fair_event, users):
    coordinator = users["coordinator"]
    matchmaking = services.open_matchmaking(fair_event, actor=coordinator)
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    services.create_slots(
        matchmaking, actor=coordinator, first_start=start, count=4, breaks_after={2}
    )
    services.set_tables(matchmaking, actor=coordinator, count=2)
    services.add_interpreter(matchmaking, actor=coordinator, name="왕리", languages=["zh"])
    return matchmaking


def join(fair, user, role, **fields):
    event_services.register(fair.event, actor=user)
    values = {"company": "", "country": "KR", "languages": ["ko"], "interests": ""}
    values.update(fields)
    return services.join(fair, actor=user, role=role, **values)


@pytest.fixture
def people(fair, users):
    """exhibitor (member of 한빛카본), buyer (a company in China), second exhibitor, and a
    registered member who does not take part."""
    buyer_user = MemberProfileFactory(
        user=UserFactory(username="buyer"),
        organisation=None,
        membership_confirmed=False,
        full_name="Li Wei",
        preferred_language="zh-hans",
    ).user
    exhibitor = join(fair, users["member"], Role.EXHIBITOR, languages=["ko", "en"])
    buyer = join(
        fair,
        buyer_user,
        Role.BUYER,
        company="Shenzhen Carbon Trading",
        country="CN",
        languages=["zh", "en"],
        interests="carbon fibre sheets, HS 6815",
    )
    other_exhibitor = join(fair, users["other_member"], Role.EXHIBITOR)
    event_services.register(fair.event, actor=users["colleague"])
    return {
        "exhibitor": exhibitor,
        "buyer": buyer,
        "other_exhibitor": other_exhibitor,
        "buyer_user": buyer_user,
    }


def meeting_slots(fair):
    return list(fair.slots.filter(is_break=False))
