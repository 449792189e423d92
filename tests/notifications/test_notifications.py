import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from notifications import services
from notifications.models import Notification
from tests.mail import deliver_queued_mail, queued_mail

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def url(name, *args):
    with translation.override("ko"):
        return reverse(name, args=args)


def interest(recipient, actor_name="박도윤", title="탄소 발열체", request_pk=1):
    return services.notify(
        recipient=recipient,
        kind=Notification.Kind.INTEREST_RECEIVED,
        params={"actor": actor_name, "title": title},
        url_name="collaboration:detail",
        url_args=[request_pk],
    )


def test_message_renders_in_the_readers_language(users):
    notification = interest(users["member"])
    with translation.override("ko"):
        assert notification.message == "박도윤 님이 요청 “탄소 발열체”에 관심을 보냈습니다."
    with translation.override("en"):
        assert notification.message == "박도윤 is interested in your request “탄소 발열체”."
    with translation.override("vi"):
        assert "quan tâm" in notification.message


def test_nobody_notifies_themself(users):
    member = users["member"]
    assert services.notify(recipient=member, actor=member, kind="request_closed") is None
    assert not Notification.objects.exists()


def test_mail_failure_keeps_the_notification_and_retries(users, settings):
    settings.EMAIL_BACKEND = "tests.notifications.failing_backend.FailingBackend"
    settings.EMAIL_RETRY_DELAYS = [0, 0]
    interest(users["member"])
    assert Notification.objects.count() == 1
    assert deliver_queued_mail() == 3  # the first attempt and two retries
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["FAILED"] * 3
    assert mail.outbox == []


def test_email_is_queued_with_the_change_and_sent_by_the_worker(users):
    interest(users["member"])
    assert mail.outbox == []  # never sent inside the request
    (queued,) = queued_mail()
    assert queued.args_kwargs["args"][0]["to"] == [users["member"].email]
    assert deliver_queued_mail() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [users["member"].email]
    assert deliver_queued_mail() == 0  # sent once


def test_a_rolled_back_change_sends_nothing(users):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        interest(users["member"])
        raise RuntimeError("the change fails after notifying")
    assert not queued_mail().exists()
    assert Notification.objects.count() == 0


def test_list_open_and_mark_all_read(users, login_as):
    first = interest(users["member"], request_pk=7)
    interest(users["member"], title="두 번째")
    client = login_as(users["member"])
    page = client.get(url("notifications:list"))
    html = page.content.decode()
    assert "탄소 발열체" in html and "두 번째" in html
    assert 'class="count-badge">2' in html  # unread count in the navigation
    opened = client.get(url("notifications:open", first.pk))
    assert opened.status_code == 302 and opened["Location"] == url("collaboration:detail", 7)
    first.refresh_from_db()
    assert first.read_at is not None
    client.post(url("notifications:mark_all_read"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_nobody_opens_someone_elses_notification(users, login_as):
    notification = interest(users["member"])
    assert (
        login_as(users["colleague"]).get(url("notifications:open", notification.pk)).status_code
        == 404
    )
    notification.refresh_from_db()
    assert notification.read_at is None
    assert login_as(None).get(url("notifications:list")).status_code == 302


def test_list_query_count_does_not_grow(users, login_as):
    client = login_as(users["member"])

    def count_queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url("notifications:list")).status_code == 200
        return len(context.captured_queries)

    for _ in range(2):
        interest(users["member"])
    few = count_queries()
    for _ in range(25):
        interest(users["member"])
    assert count_queries() <= few
