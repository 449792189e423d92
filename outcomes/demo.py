"""The demo's outcomes of the member's firm, one in each state a reader meets: a supply
contract the partner confirmed, a joint R&D agreement the partner recorded and the member is
asked to confirm, a disputed export contract, and a patent and an investment the agency
verified on evidence. (The B2B meetings' follow-ups add theirs when matchmaking loads.)"""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from cluster_hub.uploads import validate_attachment
from clusters.models import MemberProfile, Organisation
from outcomes import services
from outcomes.models import Outcome


def _evidence(name):
    body = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    return validate_attachment(SimpleUploadedFile(name, body))


def load(*, rng, password):
    member = MemberProfile.objects.filter(user__email="member@clusterhub.local").first()
    if member is None or member.organisation is None:
        return {}
    firm = member.organisation
    if Outcome.objects.filter(organisation=firm, recorded_by=member.user).exists():
        return {}
    clusters = firm.memberships.values("cluster__translation_key")
    partner = (
        MemberProfile.objects.filter(
            membership_confirmed=True,
            organisation__kind=Organisation.Kind.COMPANY,
            organisation__memberships__cluster__translation_key__in=clusters,
        )
        .exclude(organisation=firm)
        .select_related("user", "organisation")
        .order_by("-is_organisation_admin", "pk")
        .first()
    )
    university = (
        MemberProfile.objects.filter(
            membership_confirmed=True, organisation__kind=Organisation.Kind.UNIVERSITY
        )
        .select_related("user", "organisation")
        .order_by("-is_organisation_admin", "pk")
        .first()
    )
    if partner is None or university is None:
        return {}
    actor = member.user
    supply = services.record_outcome(
        actor=actor,
        organisation=firm,
        kind=Outcome.Kind.SUPPLY_CONTRACT,
        amount=320_000_000,
        counterpart=partner.organisation,
        occurred_on=date(2026, 7, 8),
        note="탄소 발열 모듈 연간 공급",
    )
    services.confirm_outcome(supply, actor=partner.user)
    services.record_outcome(
        actor=university.user,
        organisation=firm,
        kind=Outcome.Kind.JOINT_RD,
        counterpart=university.organisation,
        occurred_on=date(2026, 10, 20),
        note="차세대 면상발열체 공동연구 협약",
    )
    export = services.record_outcome(
        actor=actor,
        organisation=firm,
        kind=Outcome.Kind.EXPORT_CONTRACT,
        amount=85_000,
        currency=Outcome.Currency.USD,
        counterpart=partner.organisation,
        occurred_on=date(2026, 11, 3),
        note="베트남 공동 수출",
    )
    services.dispute_outcome(
        export,
        actor=partner.user,
        reason="계약 금액은 USD 80,000입니다. 운송비는 별도였습니다.",
    )
    patent = services.record_outcome(
        actor=actor,
        organisation=firm,
        kind=Outcome.Kind.PATENT,
        quantity=2,
        occurred_on=date(2026, 5, 12),
        note="탄소섬유 발열체 제조 방법 특허 2건",
    )
    services.add_evidence(patent, actor=actor, upload=_evidence("특허등록증.pd"))
    services.verify_outcome(patent, actor=services.SYSTEM)
    investment = services.record_outcome(
        actor=actor,
        organisation=firm,
        kind=Outcome.Kind.INVESTMENT,
        investment_kind=Outcome.InvestmentKind.VC,
        amount=1_200_000_000,
        counterpart_name="블루포인트파트너스",
        occurred_on=date(2026, 3, 30),
        note="시리즈 A",
    )
    services.add_evidence(investment, actor=actor, upload=_evidence("투자계약서.pd"))
    services.verify_outcome(investment, actor=services.SYSTEM)
    return {"summary": [f"{Outcome.objects.filter(organisation=firm).count()} outcomes"]}
