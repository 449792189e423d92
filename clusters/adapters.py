"""allauth's social-account adapter: a person signing in with Kakao, Naver or Google gets a
member profile."""

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

from clusters.services import create_profile


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        extra = sociallogin.account.extra_data or {}
        create_profile(user=user, full_name=str(extra.get("name") or "")[:100])
        return user
