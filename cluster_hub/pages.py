"""Changing Wagtail pages from services."""


def republish(page, *, actor, children=None, **changes):
    """Change a page through a new published revision, as the Wagtail admin does, so that the
    change (and inline children such as a programme or sessions, which live in the page's
    revisions) survives the next edit in the admin. `children` maps a child relation name to
    its complete new list."""
    fresh = type(page).objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(fresh, name, value)
    for relation, items in (children or {}).items():
        setattr(fresh, relation, items)
    user = actor if getattr(actor, "is_authenticated", False) else None
    fresh.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    return type(page).objects.get(pk=page.pk)
