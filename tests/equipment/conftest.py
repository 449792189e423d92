from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from tests.factories import EquipmentFactory


def at(day, hour, minute=0):
    """An aware datetime in Asia/Seoul on `day` at hour:minute."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def next_monday():
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


@pytest.fixture
def cmm(users, organisation):
    """A coordinate measuring machine owned by `organisation` (whose admin is `member`)."""
    return EquipmentFactory(
        owner=organisation,
        name="3차원 측정기 CMM",
        name_en="Coordinate measuring machine",
        max_hours=4,
        requires_approval=True,
    )
