"""Run the email queue in the test process, the way `db_worker` runs it (same task runner),
so that tests read what was sent from Django's locmem outbox."""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from notifications.tasks import EMAIL_BACKEND_ALIAS, EMAIL_QUEUE


def queued_mail():
    return DBTaskResult.objects.filter(backend_name=EMAIL_BACKEND_ALIAS, status="READY")


def deliver_queued_mail():
    """Deliver every message that is due now; returns how many tasks ran."""
    worker = Worker(
        queue_names=[EMAIL_QUEUE],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name=EMAIL_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
    )
    ran = 0
    # ready() is what db_worker picks from: READY tasks with no delay or whose time has come.
    while task := DBTaskResult.objects.ready().filter(backend_name=EMAIL_BACKEND_ALIAS).first():
        task.claim("tests")
        worker.run_task(task)
        ran += 1
    return ran
