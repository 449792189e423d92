from notifications.queries import unread_count


def notifications(request):
    user = getattr(request, "user", None)
    return {"nav_unread_notifications": unread_count(user) if user else 0}
