from clusters import permissions


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "nav_is_coordinator": bool(user and permissions.is_coordinator(user)),
        "nav_is_member": bool(user and permissions.is_member(user)),
    }
