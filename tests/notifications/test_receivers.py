"""Join requests tell the organisation's admins (or its coordinators), decisions tell the
person, each in their own language, with a count on the admins' dashboard."""

import pytest
from django.core import mail

from clusters import services
from notifications.kinds import NotificationKind as Kind
from notifications.models import Notification
from tests.factories import ClusterMembershipFactory, OrganisationFactory
from tests.mail import deliver_queued_mail

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def kinds_for(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_join_request_tells_the_admins_and_the_decision_tells_the_person(
    users, organisation, client_for
):
    newcomer = users["visitor"]
    services.update_profile(newcomer.profile, actor=newcomer, organisation=organisation)
    # The organisation's admin is told; a plain member of it is not.
    assert kinds_for(users["member"]) == [Kind.JOIN_REQUESTED]
    assert kinds_for(users["colleague"]) == []
    admin = client_for(users["member"])
    assert "가입 요청 1건" in admin.get("/ko/dashboard/").content.decode()
    notices = admin.get("/en/notifications/").content.decode()
    assert "asks to join (주)한빛카본" in notices
    # Until confirmed, the newcomer is neither listed as a member nor counted.
    page = admin.get(f"/ko/directory/organisations/{organisation.slug}/").content.decode()
    assert newcomer.profile.full_name not in page.split("</header>", 1)[1]

    services.confirm_member(newcomer.profile, actor=users["member"])
    assert kinds_for(newcomer) == [Kind.JOIN_CONFIRMED]
    assert "가입 요청" not in admin.get("/ko/dashboard/").content.decode()
    deliver_queued_mail()
    assert any(newcomer.email in message.to for message in mail.outbox)


def test_a_declined_request_tells_the_person(users, organisation):
    newcomer = users["visitor"]
    services.update_profile(newcomer.profile, actor=newcomer, organisation=organisation)
    services.decline_member(newcomer.profile, actor=users["coordinator"])
    assert kinds_for(newcomer) == [Kind.JOIN_DECLINED]
    message = Notification.objects.get(recipient=newcomer).message
    assert "(주)한빛카본" in message


def test_an_organisation_without_admins_asks_its_coordinators(users, site_tree):
    orphan = OrganisationFactory(name="(주)새싹", slug="saessak")
    ClusterMembershipFactory(organisation=orphan, cluster=site_tree["carbon"])
    newcomer = users["visitor"]
    services.update_profile(newcomer.profile, actor=newcomer, organisation=orphan)
    assert kinds_for(users["coordinator"]) == [Kind.JOIN_REQUESTED]
    assert kinds_for(users["other_coordinator"]) == []
