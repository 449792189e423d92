from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cluster_hub.form_errors import errors_shown
from cluster_hub.permissions import refusal
from equipment import booking_calendar, permissions, queries, services
from equipment.forms import BookingForm, CatalogueFilterForm, WeekForm
from equipment.models import Equipment, EquipmentBooking


def catalogue(request):
    form = CatalogueFilterForm(request.GET)
    items = queries.equipment_catalogue(**form.filters())
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "equipment/equipment_catalogue.html",
        {
            "form": form,
            "page_obj": Paginator(items, 24).get_page(request.GET.get("page")),
            "query_string": params.urlencode(),
        },
    )


def detail(request, pk):
    equipment = get_object_or_404(Equipment.objects.select_related("owner"), pk=pk)
    week_form = WeekForm(request.GET)
    chosen = week_form.cleaned_data.get("week") if week_form.is_valid() else None
    monday = booking_calendar.week_to_show(chosen, timezone.localdate())
    form = None
    if request.method == "POST":
        if (refused := refusal(request, "equipment.book", equipment)) is not None:
            return refused
        form = BookingForm(request.POST, equipment=equipment)
        if form.is_valid():
            try:
                booking = services.request_booking(
                    equipment,
                    actor=request.user,
                    starts_at=form.cleaned_data["starts_at"],
                    ends_at=form.cleaned_data["ends_at"],
                    purpose=form.cleaned_data["purpose"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if booking.status == EquipmentBooking.Status.APPROVED:
                    messages.success(request, _("Booked. It is in your bookings."))
                else:
                    messages.success(
                        request, _("Booking requested. The owner will approve or decline it.")
                    )
                week = timezone.localtime(booking.starts_at).date().isoformat()
                return redirect(f"{equipment.get_absolute_url()}?week={week}")
        messages.error(request, _("Please correct the errors below."))
        monday = booking_calendar.week_to_show(
            form.cleaned_data.get("date") or monday, timezone.localdate()
        )
    elif permissions.can_book(request.user, equipment):
        form = BookingForm(equipment=equipment, initial={"date": monday})
    bookings = list(queries.bookings_in_week(equipment, monday))
    manages = permissions.manages_equipment(request.user, equipment)
    return render(
        request,
        "equipment/equipment_detail.html",
        {
            "equipment": equipment,
            "form": form,
            "days": booking_calendar.week_days(monday, bookings),
            "monday": monday,
            "previous_week": monday - timedelta(days=7),
            "next_week": monday + timedelta(days=7),
            "manages": manages,
            "pending": queries.pending_for_managers(equipment) if manages else [],
        },
    )


@login_required
@require_POST
def booking_decide(request, pk):
    booking = get_object_or_404(EquipmentBooking.objects.select_related("equipment"), pk=pk)
    if not permissions.can_decide_booking(request.user, booking):
        raise PermissionDenied
    with errors_shown(request):
        if request.POST.get("decision") == "approve":
            services.approve_booking(booking, actor=request.user)
            messages.success(request, _("The booking is approved."))
        else:
            services.decline_booking(booking, actor=request.user)
            messages.info(request, _("The booking was declined."))
    # Back where the decision was taken: the machine's week or the approvals queue.
    if request.POST.get("from") == "approvals":
        return redirect("equipment:approvals")
    return redirect(booking.equipment.get_absolute_url())


@login_required
def approvals(request):
    """Every booking request waiting for this person's decision, across their machines."""
    return render(
        request, "equipment/approvals.html", {"bookings": list(queries.approvals_for(request.user))}
    )


@login_required
@require_POST
def booking_cancel(request, pk):
    booking = get_object_or_404(EquipmentBooking.objects.select_related("equipment"), pk=pk)
    if not permissions.can_cancel_booking(request.user, booking):
        raise PermissionDenied
    services.cancel_booking(booking, actor=request.user)
    messages.info(request, _("The booking is cancelled."))
    return redirect("equipment:my_bookings")


@login_required
def my_bookings(request):
    if request.method == "POST" and request.POST.get("calendar") == "renew":
        services.renew_calendar_subscription(actor=request.user)
        messages.success(
            request, _("Your calendar has a new address; the old one no longer works.")
        )
        return redirect("equipment:my_bookings")
    subscription = services.calendar_subscription(actor=request.user)
    return render(
        request,
        "equipment/my_bookings.html",
        {
            "bookings": queries.bookings_of(request.user),
            "calendar_url": request.build_absolute_uri(
                reverse("equipment:calendar_feed", args=[subscription.token])
            ),
            "approvals_count": queries.approvals_for(request.user).count(),
        },
    )


def calendar_feed(request, token):
    """The person's bookings for their calendar app, at their secret address (no session)."""
    user = queries.subscribed_user(token)
    if user is None:
        raise Http404
    response = _bookings_calendar(request, user)
    # Calendar apps poll this address; no shared cache may keep one person's bookings.
    response["Cache-Control"] = "private, no-store"
    return response


def _bookings_calendar(request, user):
    """`user`'s bookings as an iCalendar response (the download and the subscription)."""
    body = booking_calendar.ical_for_bookings(
        queries.bookings_of(user),
        host=request.get_host().split(":")[0],
        status_labels=dict(EquipmentBooking.Status.choices),
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
def my_bookings_ical(request):
    response = _bookings_calendar(request, request.user)
    response["Content-Disposition"] = 'attachment; filename="clusterhub-bookings.ics"'
    return response
