import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from clusters.models import ClusterMembership, MemberProfile, Organisation, Product

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.kr")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"(주)테스트기업{n}")
    name_en = factory.Sequence(lambda n: f"Test Company {n}")
    slug = factory.Sequence(lambda n: f"test-company-{n}")
    kind = Organisation.Kind.COMPANY
    summary = "탄소 부품을 만드는 기업"


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"제품 {n}")


class MemberProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"홍길동{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    membership_confirmed = True
    title = "연구원"
    contact_email = factory.LazyAttribute(lambda o: o.user.email)
    phone = "010-1234-5678"

    @factory.post_generation
    def expertise(self, create, extracted, **kwargs):
        if create and extracted:
            self.expertise.set(list(extracted))


class ClusterMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClusterMembership

    organisation = factory.SubFactory(OrganisationFactory)


class CollaborationRequestFactory(factory.django.DjangoModelFactory):
    """An open request; pass `author` (a member) and its organisation follows."""

    class Meta:
        model = "collaboration.CollaborationRequest"
        skip_postgeneration_save = True

    author = factory.SubFactory(UserFactory)
    organisation = factory.LazyAttribute(lambda o: o.author.profile.organisation)
    kind = "joint_rnd"
    title = factory.Sequence(lambda n: f"탄소 발열체 공동연구 {n}")
    description = "탄소섬유 발열체를 함께 개발할 파트너를 찾습니다."
    visibility = "members"
    status = "open"
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(list(extracted))

    @factory.post_generation
    def target_clusters(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_clusters.set(list(extracted))


class EquipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "equipment.Equipment"

    owner = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"3차원 측정기 {n}")
    name_en = factory.Sequence(lambda n: f"Coordinate measuring machine {n}")
    category = "measurement"
    location = "구미 탄소산업지원센터 1층"
    fee_per_hour = 30000
    requires_approval = True
    max_hours = 4
