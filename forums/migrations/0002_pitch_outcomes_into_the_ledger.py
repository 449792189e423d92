"""The forum's pitch outcomes move into the outcomes ledger, nothing lost: each becomes an
Outcome of the pitching organisation with the pitch as its origin, claimed by the side that
recorded it (the firm's member, or the agency), with its date, figures, counterparty and note,
and a "moved into the ledger" entry in its trail. Going back recreates them."""

from django.db import migrations

# The forum's kinds and investment kinds in the ledger's words.
KINDS = {
    "investment": "investment",
    "contract": "supply_contract",
    "collaboration": "joint_rd",
    "mou": "mou",
    "patent": "patent",
    "jobs": "jobs",
}
INVESTMENT_KINDS = {"angel": "angel", "vc": "vc", "crowdfunding": "crowdfunding", "public_fund": "grant"}
# Back: the ledger's kinds a pitch can have, in the forum's words.
FORUM_KINDS = {value: key for key, value in KINDS.items()} | {
    "export_contract": "contract",
    "certification": "patent",
}
FORUM_INVESTMENT_KINDS = {value: key for key, value in INVESTMENT_KINDS.items()} | {"loan": "public_fund"}


def _pitch_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="forums", model="pitch")[0]


def into_the_ledger(apps, schema_editor):
    PitchOutcome = apps.get_model("forums", "PitchOutcome")
    Outcome = apps.get_model("outcomes", "Outcome")
    OutcomeChange = apps.get_model("outcomes", "OutcomeChange")
    MemberProfile = apps.get_model("clusters", "MemberProfile")
    pitch_type = _pitch_type(apps)
    members = {
        (profile.user_id, profile.organisation_id)
        for profile in MemberProfile.objects.filter(membership_confirmed=True).exclude(
            organisation=None
        )
    }
    for old in PitchOutcome.objects.select_related("pitch").order_by("pk"):
        pitch = old.pitch
        by_the_firm = (old.recorded_by_id, pitch.organisation_id) in members or (
            old.recorded_by_id is not None and old.recorded_by_id == pitch.submitter_id
        )
        outcome = Outcome.objects.create(
            kind=KINDS[old.kind],
            investment_kind=INVESTMENT_KINDS.get(old.investment_kind, ""),
            amount=old.amount,
            currency="KRW",
            quantity=old.quantity,
            occurred_on=old.occurred_on,
            note=old.note,
            organisation_id=pitch.organisation_id,
            counterpart_name=old.counterparty,
            origin_type=pitch_type,
            origin_id=pitch.pk,
            status="claimed",
            recorded_by_id=old.recorded_by_id,
            recorded_side="organisation" if by_the_firm else "agency",
            recorded_at=old.created_at,
        )
        OutcomeChange.objects.create(
            outcome=outcome,
            action="migrated",
            actor_id=old.recorded_by_id,
            at=old.created_at,
            changes={"pitch_outcome": ["", str(old.pk)]},
        )


def out_of_the_ledger(apps, schema_editor):
    PitchOutcome = apps.get_model("forums", "PitchOutcome")
    Outcome = apps.get_model("outcomes", "Outcome")
    Pitch = apps.get_model("forums", "Pitch")
    pitch_type = _pitch_type(apps)
    pitches = {pitch.pk for pitch in Pitch.objects.only("pk")}
    for outcome in Outcome.objects.filter(origin_type=pitch_type).order_by("pk"):
        if outcome.origin_id not in pitches or outcome.kind not in FORUM_KINDS:
            continue  # revenue has no forum kind: it stays in the ledger
        created = PitchOutcome.objects.create(
            pitch_id=outcome.origin_id,
            kind=FORUM_KINDS[outcome.kind],
            amount=outcome.amount,
            investment_kind=FORUM_INVESTMENT_KINDS.get(outcome.investment_kind, ""),
            counterparty=outcome.counterpart_name,
            quantity=outcome.quantity,
            note=outcome.note,
            occurred_on=outcome.occurred_on,
            recorded_by_id=outcome.recorded_by_id,
        )
        PitchOutcome.objects.filter(pk=created.pk).update(created_at=outcome.recorded_at)
        outcome.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0001_initial"),
        ("outcomes", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("clusters", "0005_product_catalogue"),
    ]

    operations = [migrations.RunPython(into_the_ledger, out_of_the_ledger)]
