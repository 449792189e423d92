"""What the search index holds: one `SearchDocument` per searchable object, built the same way
for both engines. Only what anyone in the document's audiences may see goes in: listed member
profiles without contact details, organisations, published (not hidden) collaboration requests,
pitches on a published forum programme, and the catalogue's products."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation

from clusters.models import LocalBrandGrant, MemberProfile, Organisation, Product
from collaboration.models import CollaborationRequest
from forums.models import Pitch, ProgrammeSlot
from search.glossary import current_equivalents, equivalents_in
from search.text import compact_values, neutral_text, phrase_keys
from translations.queries import prefetch_translations, translations_of


class Kind:
    PROFILE = "profile"
    ORGANISATION = "organisation"
    REQUEST = "request"
    PITCH = "pitch"
    PRODUCT = "product"
    ALL = (PROFILE, ORGANISATION, PRODUCT, REQUEST, PITCH)


PUBLIC = "public"
MEMBERS = "members"


def cluster_audience(key):
    return f"cluster:{key}"


def organisation_audience(organisation_id):
    return f"org:{organisation_id}"


def user_audience(user_id):
    return f"user:{user_id}"


def coordinator_audience(key):
    return f"coord:{key}"


@dataclass
class SearchDocument:
    kind: str
    object_id: int
    title: str
    url: str
    subtitle: str = ""
    summary: str = ""
    body: str = ""
    tags: list = field(default_factory=list)
    clusters: list = field(default_factory=list)
    organisation_kind: str = ""
    region: str = ""
    languages: list = field(default_factory=list)
    request_kind: str = ""
    status: str = ""
    audiences: list = field(default_factory=lambda: [PUBLIC])
    sort_date: datetime | None = None
    suggestions: list = field(default_factory=list)
    # Searchable text, compact (see search.text): the title alone, the tags, and everything.
    title_text: str = ""
    tags_text: str = ""
    text: str = ""
    # Neighbouring words written together (search.text.phrase_keys), for phrase ranking.
    phrases: list = field(default_factory=list)

    @property
    def key(self):
        return document_key(self.kind, self.object_id)

    def finish(self, *searchable, alternative_title="", alternative_titles=()):
        """Fill the compact search fields from the display fields and `searchable` extras;
        `alternative_title` (an organisation's English name) and `alternative_titles` (a
        product's translated names) rank like the title."""
        titles = [self.title, alternative_title, *alternative_titles]
        values = [*titles, self.subtitle, *self.tags, self.summary]
        values += [self.body, *searchable]
        equivalents = current_equivalents()
        extra_terms = equivalents_in(values, equivalents)
        tags = [*self.tags, *equivalents_in(self.tags, equivalents)]
        self.title_text = compact_values([*titles, *map(neutral_text, titles)])
        self.tags_text = compact_values([*tags, *map(neutral_text, tags)])
        every = [*values, *extra_terms]
        self.text = compact_values([*every, *map(neutral_text, every)])
        self.phrases = phrase_keys(every)
        self.sort_date = self.sort_date or timezone.now()
        return self


def document_key(kind, object_id):
    return f"{kind}:{object_id}"


def _url(obj):
    # Stored in the default language; the results page moves it to the reader's language.
    with translation.override(settings.LANGUAGE_CODE):
        return obj.get_absolute_url()


def _reverse(view_name, pk):
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(view_name, args=[pk])


def _cluster_keys(pages):
    return sorted({str(page.translation_key) for page in pages})


def _translations(obj, fields=None):
    """Every language's translated text of `obj` (of `fields`, default all), so a query in any
    language finds it."""
    return [
        text
        for record in translations_of(obj).values()
        for name, text in record.fields.items()
        if text and (fields is None or name in fields)
    ]


# --- profiles -------------------------------------------------------------------------------
def profiles_queryset():
    return (
        MemberProfile.objects.filter(is_listed=True)
        .exclude(full_name="")
        .select_related("organisation")
        .prefetch_related("expertise", "organisation__clusters")
    )


def profile_document(profile):
    organisation = profile.confirmed_organisation
    tags = sorted(tag.name for tag in profile.expertise.all())
    return SearchDocument(
        kind=Kind.PROFILE,
        object_id=profile.pk,
        title=profile.full_name,
        url=_url(profile),
        subtitle=" · ".join(filter(None, [profile.title, organisation and organisation.name])),
        summary=profile.bio,
        body="\n".join(profile.skill_list),
        tags=tags,
        clusters=_cluster_keys(organisation.clusters.all()) if organisation else [],
        organisation_kind=organisation.kind if organisation else "",
        region=organisation.industrial_complex if organisation else "",
        languages=sorted(profile.languages or []),
        sort_date=profile.updated_at,
        suggestions=[profile.full_name, *tags],
    ).finish(organisation.name_en if organisation else "", *_translations(profile))


# --- organisations --------------------------------------------------------------------------
def organisations_queryset():
    return Organisation.objects.prefetch_related("tags", "products", "clusters")


def organisation_document(organisation):
    tags = sorted(tag.name for tag in organisation.tags.all())
    products = list(organisation.products.all())
    product_names = [product.name for product in products]
    return SearchDocument(
        kind=Kind.ORGANISATION,
        object_id=organisation.pk,
        title=organisation.name,
        url=_url(organisation),
        subtitle=" · ".join(filter(None, [organisation.name_en, organisation.industrial_complex])),
        summary=organisation.summary,
        body="\n".join(
            [
                *(f"{p.name} — {p.description}" if p.description else p.name for p in products),
                organisation.capabilities,
                organisation.certifications,
            ]
        ),
        tags=tags,
        clusters=_cluster_keys(organisation.clusters.all()),
        organisation_kind=organisation.kind,
        region=organisation.industrial_complex,
        sort_date=organisation.updated_at,
        suggestions=[
            organisation.name,
            organisation.name_en,
            *product_names,
            *tags,
            *(
                record.fields.get("name")
                for product in products
                for record in translations_of(product).values()
                if record.fields.get("name")
            ),
        ],
    ).finish(
        *_translations(organisation),
        # A product's name and description, not its specifications: numbers and units in four
        # languages would match nearly every query's letter pairs (see search.backends.elastic).
        *(text for product in products for text in _translations(product, ("name", "description"))),
        alternative_title=organisation.name_en,
    )


# --- products (the public catalogue) -------------------------------------------------------
def products_queryset():
    return Product.objects.select_related("organisation").prefetch_related(
        "organisation__clusters",
        Prefetch("brand_grants", LocalBrandGrant.objects.select_related("brand")),
    )


def product_document(product):
    organisation = product.organisation
    brands = [grant.brand for grant in product.brand_grants.all()]
    names = [
        record.fields.get("name")
        for record in translations_of(product).values()
        if record.fields.get("name")
    ]
    return SearchDocument(
        kind=Kind.PRODUCT,
        object_id=product.pk,
        title=product.name,
        url=_url(product),
        subtitle=organisation.name,
        summary=product.description,
        body="\n".join(filter(None, [product.materials, product.certifications])),
        clusters=_cluster_keys(organisation.clusters.all()),
        organisation_kind=organisation.kind,
        region=organisation.industrial_complex,
        sort_date=product.updated_at,
        suggestions=[product.name, *names],
    ).finish(
        organisation.name_en,
        product.specs,
        *(brand.name for brand in brands),
        *(text for brand in brands for text in _translations(brand, ("name",))),
        *_translations(product),
        alternative_titles=names,
    )


# --- collaboration requests -----------------------------------------------------------------
def requests_queryset():
    return (
        CollaborationRequest.objects.exclude(status=CollaborationRequest.Status.DRAFT)
        .filter(is_hidden=False)
        .select_related("organisation")
        .prefetch_related("tags", "target_clusters", "organisation__clusters")
    )


def request_audiences(collaboration_request, cluster_keys):
    Visibility = CollaborationRequest.Visibility
    if collaboration_request.visibility == Visibility.PUBLIC:
        return [PUBLIC]
    # Those who may always see it: the requesting side and the clusters' coordinators.
    audiences = [
        user_audience(collaboration_request.author_id),
        organisation_audience(collaboration_request.organisation_id),
        *(coordinator_audience(key) for key in cluster_keys),
    ]
    if collaboration_request.visibility == Visibility.MEMBERS:
        audiences.append(MEMBERS)
    else:
        audiences.extend(cluster_audience(key) for key in cluster_keys)
    return sorted(set(audiences))


def request_document(collaboration_request):
    organisation = collaboration_request.organisation
    cluster_keys = _cluster_keys(
        [*collaboration_request.target_clusters.all(), *organisation.clusters.all()]
    )
    tags = sorted(tag.name for tag in collaboration_request.tags.all())
    return SearchDocument(
        kind=Kind.REQUEST,
        object_id=collaboration_request.pk,
        title=collaboration_request.title,
        url=_url(collaboration_request),
        subtitle=organisation.name,
        summary=collaboration_request.description,
        tags=tags,
        clusters=cluster_keys,
        organisation_kind=organisation.kind,
        region=organisation.industrial_complex,
        request_kind=collaboration_request.kind,
        status=collaboration_request.status,
        audiences=request_audiences(collaboration_request, cluster_keys),
        sort_date=collaboration_request.published_at or collaboration_request.created_at,
        suggestions=[*tags],
    ).finish(organisation.name_en, *_translations(collaboration_request))


# --- pitches on a published programme -------------------------------------------------------
def pitches_queryset():
    live_slots = ProgrammeSlot.objects.filter(edition__live=True).select_related("edition")
    return (
        Pitch.objects.filter(status=Pitch.Status.ACCEPTED, slots__edition__live=True)
        .select_related("organisation")
        .prefetch_related("tags", "organisation__clusters", Prefetch("slots", live_slots))
        .distinct()
    )


def pitch_document(pitch):
    slot = next(iter(pitch.slots.all()), None)
    edition = slot.edition
    tags = sorted(tag.name for tag in pitch.tags.all())
    return SearchDocument(
        kind=Kind.PITCH,
        object_id=pitch.pk,
        title=pitch.title,
        url=_reverse("forums:pitch_in_programme", pitch.pk),
        subtitle=f"{pitch.organisation.name} · {edition.title}",
        summary=pitch.item,
        tags=tags,
        clusters=_cluster_keys(pitch.organisation.clusters.all()),
        organisation_kind=pitch.organisation.kind,
        region=pitch.organisation.industrial_complex,
        sort_date=edition.forum_date,
        suggestions=[*tags],
    ).finish(pitch.organisation.name_en)


SOURCES = {
    Kind.PROFILE: (profiles_queryset, profile_document),
    Kind.ORGANISATION: (organisations_queryset, organisation_document),
    Kind.PRODUCT: (products_queryset, product_document),
    Kind.REQUEST: (requests_queryset, request_document),
    Kind.PITCH: (pitches_queryset, pitch_document),
}


def _with_translations(kind, objects):
    """`objects` with their translations (and their products') loaded in a few queries."""
    if kind == Kind.PITCH:
        return objects
    related = []
    if kind == Kind.ORGANISATION:
        related = [product for organisation in objects for product in organisation.products.all()]
    if kind == Kind.PRODUCT:
        related = list({grant.brand for product in objects for grant in product.brand_grants.all()})
    prefetch_translations([*objects, *related])
    return objects


def documents_for(kind, object_ids):
    """Documents of the given objects that belong in the index, and keys of those that do not."""
    queryset, build = SOURCES[kind]
    objects = _with_translations(kind, list(queryset().filter(pk__in=object_ids)))
    found = {obj.pk: build(obj) for obj in objects}
    missing = [document_key(kind, pk) for pk in object_ids if pk not in found]
    return list(found.values()), missing


def all_documents(kind, *, chunk_size=500):
    queryset, build = SOURCES[kind]
    chunk = []
    for obj in queryset().order_by("pk").iterator(chunk_size=chunk_size):
        chunk.append(obj)
        if len(chunk) == chunk_size:
            yield from map(build, _with_translations(kind, chunk))
            chunk = []
    yield from map(build, _with_translations(kind, chunk))


def indexable_keys(kind):
    """The keys of every object of this kind that belongs in the index, without building it."""
    queryset, _build = SOURCES[kind]
    return {document_key(kind, pk) for pk in queryset().values_list("pk", flat=True)}


def count_documents(kind):
    return SOURCES[kind][0]().count()
