"""Parts other apps add to the sign-up form. The form lives here, below the apps that add to
it; they register a part in their `ready()`. A part has `fields()` (name → form field), checks
them with `clean(form)` and acts once the account exists with `signup(request, user, data)`."""

_parts = []


def register_signup_part(part):
    if part not in _parts:
        _parts.append(part)


def signup_parts():
    return tuple(_parts)
