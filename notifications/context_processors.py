from notifications.queries import unread_count


def notifications(request):
    """The header's unread count, counted once per request however many templates render."""
    user = getattr(request, "user", None)
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = unread_count(user) if user else 0
    return {"nav_unread_notifications": request._unread_notifications}
