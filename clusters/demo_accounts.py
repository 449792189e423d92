"""Demo logins shared by every app's demo data (see `load_demo_data`)."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from clusters.models import MemberProfile


def demo_account(
    email,
    full_name,
    *,
    password,
    organisation=None,
    title="",
    superuser=False,
    org_admin=False,
    expertise=(),
):
    """Create or refresh a verified demo login with a profile; idempotent."""
    user, _ = get_user_model().objects.get_or_create(
        username=email.split("@")[0], defaults={"email": email}
    )
    user.email = email
    user.is_superuser = user.is_staff = superuser
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    profile, _ = MemberProfile.objects.update_or_create(
        user=user,
        defaults={
            "full_name": full_name,
            "organisation": organisation,
            "membership_confirmed": organisation is not None,
            "is_organisation_admin": org_admin,
            "title": title,
            "contact_email": email,
            "languages": ["ko", "en"],
        },
    )
    profile.expertise.set(list(expertise))
    return user
