"""Queue re-indexing after commit whenever something a search document shows changes."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from taggit.models import TaggedItem
from wagtail.signals import page_published, page_unpublished

from clusters.models import (
    ClusterMembership,
    LocalBrand,
    LocalBrandGrant,
    MemberProfile,
    Organisation,
    Product,
)
from collaboration.models import CollaborationRequest
from forums.models import ForumEditionPage, Pitch, ProgrammeSlot
from search.documents import Kind
from search.models import GlossaryTerm
from search.services import queue_reindex, reindex_documents_mentioning
from translations.models import ContentTranslation


def _organisation_and_dependants(organisation_id):
    queue_reindex(Kind.ORGANISATION, [organisation_id])
    queue_reindex(
        Kind.PROFILE,
        MemberProfile.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True),
    )
    queue_reindex(
        Kind.REQUEST,
        CollaborationRequest.objects.filter(organisation_id=organisation_id).values_list(
            "pk", flat=True
        ),
    )
    queue_reindex(
        Kind.PITCH,
        Pitch.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True),
    )
    queue_reindex(
        Kind.PRODUCT,
        Product.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True),
    )


def _on_profile(sender, instance, **kwargs):
    queue_reindex(Kind.PROFILE, [instance.pk])


def _on_organisation(sender, instance, **kwargs):
    if kwargs.get("signal") is post_delete:
        queue_reindex(Kind.ORGANISATION, [instance.pk])
    else:
        _organisation_and_dependants(instance.pk)


def _on_organisation_part(sender, instance, **kwargs):
    _organisation_and_dependants(instance.organisation_id)


def _on_product(sender, instance, **kwargs):
    queue_reindex(Kind.PRODUCT, [instance.pk])
    queue_reindex(Kind.ORGANISATION, [instance.organisation_id])


def _on_brand_grant(sender, instance, **kwargs):
    queue_reindex(Kind.PRODUCT, [instance.product_id])


def _on_brand(sender, instance, **kwargs):
    queue_reindex(
        Kind.PRODUCT,
        LocalBrandGrant.objects.filter(brand_id=instance.pk).values_list("product_id", flat=True),
    )


def _on_request(sender, instance, **kwargs):
    queue_reindex(Kind.REQUEST, [instance.pk])


def _on_pitch(sender, instance, **kwargs):
    queue_reindex(Kind.PITCH, [instance.pk])


def _on_slot(sender, instance, **kwargs):
    queue_reindex(Kind.PITCH, [instance.pitch_id])


def _on_edition(sender, instance, **kwargs):
    if isinstance(instance.specific, ForumEditionPage):
        queue_reindex(
            Kind.PITCH,
            ProgrammeSlot.objects.filter(edition=instance).values_list("pitch_id", flat=True),
        )


TAGGED_KINDS = {
    MemberProfile: Kind.PROFILE,
    Organisation: Kind.ORGANISATION,
    CollaborationRequest: Kind.REQUEST,
    Pitch: Kind.PITCH,
}


def _on_tags(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and type(instance) in TAGGED_KINDS:
        queue_reindex(TAGGED_KINDS[type(instance)], [instance.pk])


def _on_target_clusters(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        queue_reindex(Kind.REQUEST, [instance.pk])


TRANSLATED_KINDS = {
    "memberprofile": Kind.PROFILE,
    "organisation": Kind.ORGANISATION,
    "collaborationrequest": Kind.REQUEST,
}


def _on_translation(sender, instance, **kwargs):
    model = instance.content_type.model
    if model == "product":
        queue_reindex(Kind.PRODUCT, [instance.object_id])
        organisation_id = (
            Product.objects.filter(pk=instance.object_id)
            .values_list("organisation_id", flat=True)
            .first()
        )
        if organisation_id is not None:
            queue_reindex(Kind.ORGANISATION, [organisation_id])
    elif model == "localbrand":
        _on_brand(LocalBrand, LocalBrand(pk=instance.object_id))
    elif model in TRANSLATED_KINDS:
        queue_reindex(TRANSLATED_KINDS[model], [instance.object_id])


def _remember_glossary_terms(sender, instance, **kwargs):
    previous = sender.objects.filter(pk=instance.pk).values_list("korean", "english").first()
    instance._previous_terms = previous or ()


def _on_glossary_term(sender, instance, **kwargs):
    # Documents that mention the old or the new terms gain or lose equivalents.
    terms = [instance.korean, instance.english, *getattr(instance, "_previous_terms", ())]
    transaction.on_commit(lambda: reindex_documents_mentioning(terms), robust=True)


def connect():
    for signal in (post_save, post_delete):
        signal.connect(_on_profile, sender=MemberProfile, dispatch_uid=f"search-profile-{signal}")
        signal.connect(_on_organisation, sender=Organisation, dispatch_uid=f"search-org-{signal}")
        signal.connect(
            _on_organisation_part,
            sender=ClusterMembership,
            dispatch_uid=f"search-ClusterMembership-{signal}",
        )
        signal.connect(_on_product, sender=Product, dispatch_uid=f"search-Product-{signal}")
        signal.connect(
            _on_brand_grant, sender=LocalBrandGrant, dispatch_uid=f"search-grant-{signal}"
        )
        signal.connect(_on_brand, sender=LocalBrand, dispatch_uid=f"search-brand-{signal}")
        signal.connect(
            _on_request, sender=CollaborationRequest, dispatch_uid=f"search-req-{signal}"
        )
        signal.connect(_on_pitch, sender=Pitch, dispatch_uid=f"search-pitch-{signal}")
        signal.connect(_on_slot, sender=ProgrammeSlot, dispatch_uid=f"search-slot-{signal}")
        signal.connect(
            _on_translation, sender=ContentTranslation, dispatch_uid=f"search-tr-{signal}"
        )
    m2m_changed.connect(_on_tags, sender=TaggedItem, dispatch_uid="search-tags")
    m2m_changed.connect(
        _on_target_clusters,
        sender=CollaborationRequest.target_clusters.through,
        dispatch_uid="search-target-clusters",
    )
    pre_save.connect(_remember_glossary_terms, sender=GlossaryTerm, dispatch_uid="search-glossary")
    for signal in (post_save, post_delete):
        signal.connect(
            _on_glossary_term, sender=GlossaryTerm, dispatch_uid=f"search-glossary-{signal}"
        )
    page_published.connect(_on_edition, dispatch_uid="search-edition-published")
    page_unpublished.connect(_on_edition, dispatch_uid="search-edition-unpublished")
