"""Demo logins shared by every app's demo data (see `load_demo_data`)."""

from clusters.services import import_member


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
    listed=True,
    language="ko",
):
    """Create or refresh a verified demo login with a profile; idempotent. `language`: for
    emails and notifications."""
    return import_member(
        actor=None,
        username=email.split("@")[0],
        email=email,
        full_name=full_name,
        password=password,
        verified=True,
        organisation=organisation,
        expertise=expertise,
        superuser=superuser,
        is_organisation_admin=org_admin,
        title=title,
        contact_email=email,
        languages=["ko", "en"],
        is_listed=listed,
        preferred_language=language,
    )
