from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications import queries, services
from notifications.models import Notification


@login_required
def notification_list(request):
    page_obj = Paginator(queries.notifications_for(request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request, "notifications/notification_list.html", {"page_obj": page_obj, "query_string": ""}
    )


@login_required
def notification_open(request, pk):
    """Mark as read and go to what the notification is about."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.mark_read(notification, actor=request.user)
    target = notification.target_url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_mark_all_read(request):
    count = services.mark_all_read(actor=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")
