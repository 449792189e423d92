"""Notifications for what the apps below this one report through signals (they cannot call
notify: they sit below notifications in the layers)."""

from django.dispatch import receiver

from clusters.models import MemberProfile
from clusters.queries import coordinators_of_organisation
from clusters.signals import membership_decided, membership_requested
from notifications.kinds import NotificationKind as Kind
from notifications.services import notify, notify_many


def _name(user):
    profile = getattr(user, "profile", None)
    return (profile and profile.full_name) or user.email


def deciders_of(organisation):
    """Who confirms people joining `organisation`: its confirmed admins, else the
    coordinators of its clusters (a new organisation may have no admin yet)."""
    admins = [
        profile.user
        for profile in MemberProfile.objects.filter(
            organisation=organisation, membership_confirmed=True, is_organisation_admin=True
        ).select_related("user")
    ]
    if admins:
        return admins
    return list(coordinators_of_organisation(organisation))


@receiver(membership_requested, dispatch_uid="notify-join-requested")
def tell_deciders(sender, profile, **kwargs):
    organisation = profile.organisation
    notify_many(
        recipients=deciders_of(organisation),
        actor=profile.user,
        kind=Kind.JOIN_REQUESTED,
        params={
            "actor": profile.full_name or profile.user.email,
            "organisation": organisation.name,
        },
        url_name="clusters:organisation_edit",
        url_args=[organisation.slug],
    )


@receiver(membership_decided, dispatch_uid="notify-join-decided")
def tell_the_person(sender, profile, organisation, confirmed, actor, **kwargs):
    notify(
        recipient=profile.user,
        actor=actor,
        kind=Kind.JOIN_CONFIRMED if confirmed else Kind.JOIN_DECLINED,
        params={"actor": _name(actor), "organisation": organisation.name},
        url_name="clusters:organisation_detail",
        url_args=[organisation.slug],
    )
