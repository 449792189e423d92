"""Demo collaboration requests, responses and conversations (called by `load_demo_data`)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from clusters import demo_data
from clusters.demo_accounts import demo_account
from clusters.models import ClusterMembership, MemberProfile, MiniClusterPage, Organisation
from collaboration import services
from collaboration.models import CollaborationRequest, RequestKind

Status = CollaborationRequest.Status
Visibility = CollaborationRequest.Visibility

PHRASES = {
    RequestKind.JOINT_RND: (
        "{tag} 공동 R&D 파트너 모집",
        "{tag} 분야 2027년 정부 R&D 과제를 함께 수행할 대학·연구소·기업을 찾습니다. 과제 기획부터 "
        "시제품 검증까지 함께할 파트너를 희망합니다.",
    ),
    RequestKind.SOURCING: (
        "{tag} 부품·소재 공급처를 찾습니다",
        "월 2,000개 규모로 {tag} 관련 부품과 소재를 안정적으로 공급해 주실 업체를 찾습니다. 샘플 평가 "
        "후 연간 계약을 맺을 예정입니다.",
    ),
    RequestKind.SUBCONTRACTING: (
        "{tag} 공정 일감 나눕니다",
        "수주 물량이 늘어 {tag} 공정 일부를 함께 맡아 주실 협력사를 찾습니다. 도면과 사양은 협의 후 "
        "공유합니다.",
    ),
    RequestKind.SHARED_EQUIPMENT: (
        "{tag} 시험 장비를 함께 쓰실 곳",
        "{tag} 시제품 평가를 위해 장비를 함께 쓰거나 시험을 대행해 주실 기관을 찾습니다.",
    ),
    RequestKind.TECHNOLOGY_EXCHANGE: (
        "{tag} 기술교류회 참여 기업 모집",
        "{tag} 분야 애로기술을 공유하고 해결 사례를 나누는 기술교류회를 엽니다. 발표 기업도 모집합니다.",
    ),
    RequestKind.EXPORT_PARTNER: (
        "{tag} 제품 해외 바이어·수출 파트너",
        "베트남·중국 시장에 {tag} 제품으로 함께 진출할 바이어와 수출 파트너를 찾습니다. 온라인 "
        "수출상담회에 함께 참여하실 분을 환영합니다.",
    ),
    RequestKind.INVESTMENT: (
        "{tag} 신제품 양산 투자 유치",
        "{tag} 신제품 양산을 위한 시설 투자를 유치하려 합니다. 엔젤클럽과 크라우드펀딩 연계도 "
        "환영합니다.",
    ),
}
STATUS_CYCLE = [
    Status.OPEN,
    Status.OPEN,
    Status.IN_DISCUSSION,
    Status.OPEN,
    Status.MATCHED,
    Status.OPEN,
    Status.IN_DISCUSSION,
    Status.CLOSED,
    Status.EXPIRED,
    Status.DRAFT,
]
VISIBILITY_CYCLE = [Visibility.MEMBERS, Visibility.PUBLIC, Visibility.CLUSTERS]
RESPONSE_TEXTS = [
    "저희가 관련 양산 경험이 있습니다. 샘플과 견적을 보내 드릴 수 있습니다.",
    "We have done similar projects for automotive customers and can start next month.",
    "연구실에서 관련 시험 장비와 인력을 지원할 수 있습니다. 미팅을 제안드립니다.",
    "공정 능력표와 인증서를 공유드릴 수 있습니다. 한번 방문해 주셔도 좋습니다.",
]
THREAD = [
    "수락해 주셔서 감사합니다. 다음 주 화요일에 공장 방문이 가능할까요?",
    "네, 화요일 오후 2시에 뵙겠습니다. 도면을 미리 보내 드리겠습니다.",
]


def _people_by_organisation():
    people = {}
    for profile in MemberProfile.objects.filter(membership_confirmed=True).select_related(
        "user", "organisation"
    ):
        people.setdefault(profile.organisation_id, []).append(profile)
    for profiles in people.values():
        profiles.sort(key=lambda profile: profile.user.username)
    return people


def load(*, rng, password):
    now = timezone.now()
    today = timezone.localdate()
    clusters = {
        page.slug: page for page in MiniClusterPage.objects.filter(locale__language_code="ko")
    }
    member = MemberProfile.objects.get(user__email="member@clusterhub.local")
    partner = demo_account(
        "partner@clusterhub.local",
        "박도윤",
        password=password,
        organisation=Organisation.objects.get(slug="k-materials-co"),
        title="기술연구소장",
        org_admin=True,
        expertise=["발열체", "heating element", "복합소재", "carbon fibre"],
    )
    people = _people_by_organisation()
    clusters_of = {}
    for organisation_id, cluster_id in ClusterMembership.objects.values_list(
        "organisation_id", "cluster_id"
    ):
        clusters_of.setdefault(organisation_id, set()).add(cluster_id)
    kinds = list(PHRASES)
    for number in range(60):
        spec = demo_data.CLUSTERS[number % len(demo_data.CLUSTERS)]
        cluster = clusters[spec["slug"]]
        kind = kinds[number % len(kinds)]
        tag_ko, tag_en = spec["tags"][(number // 8) % len(spec["tags"])]
        extra_ko, extra_en = spec["tags"][(number // 8 + 1) % len(spec["tags"])]
        members = [
            organisation
            for organisation in cluster.member_organisations.order_by("slug")
            if organisation.kind in ("company", "university", "research")
            and people.get(organisation.pk)
        ]
        organisation = members[number % len(members)]
        author = people[organisation.pk][0].user
        if number in (0, 16, 40):
            organisation, author = member.organisation, member.user
        status = STATUS_CYCLE[number % len(STATUS_CYCLE)]
        title_template, text_template = PHRASES[kind]
        published = now - timedelta(days=2 + number % 40)
        deadline = today + timedelta(days=10 + (number * 7) % 80)
        if status == Status.EXPIRED:
            deadline = today - timedelta(days=1 + number % 20)
        title = title_template.format(tag=tag_ko)
        if CollaborationRequest.objects.filter(title=title).exists():
            continue  # loaded before: the demo is idempotent
        if status == Status.EXPIRED:
            published = min(published, timezone.make_aware(datetime.combine(deadline, time(9))))
            published -= timedelta(days=5)
        request = services.create_request(
            actor=author,
            publish=status != Status.DRAFT,
            now=published,
            title=title,
            kind=kind,
            description=text_template.format(tag=tag_ko) + f"\n\nKeywords: {tag_en}, {extra_en}.",
            visibility=VISIBILITY_CYCLE[number % len(VISIBILITY_CYCLE)],
            deadline=deadline,
            budget_min=(number % 5) * 10_000_000 or None,
            budget_max=((number % 5) * 10_000_000 + 50_000_000) if number % 5 else None,
            tags=[tag_ko, tag_en, extra_ko],
            target_clusters=[cluster],
        )
        _responses(request, people, clusters_of, cluster, number, status)
    # Requests past their deadline expire as the hourly job would expire them.
    services.expire_overdue_requests(today=today)
    _partner_responses(partner)
    return {
        "logins": [("partner", "partner@clusterhub.local")],
        "summary": [f"{CollaborationRequest.objects.count()} collaboration requests"],
    }


def _responses(request, people, clusters_of, cluster, number, status):
    """Interest from other members of the cluster, decided and talked over as the request's
    status says, through the same steps members take."""
    if status == Status.DRAFT:
        return
    others = [
        profiles[0]
        for organisation_id, profiles in sorted(people.items())
        if organisation_id != request.organisation_id
        and cluster.pk in clusters_of.get(organisation_id, ())
    ]
    if not others:
        return
    count = {Status.OPEN: number % 2, Status.EXPIRED: 0}.get(status, 2)
    decided = status in (Status.IN_DISCUSSION, Status.MATCHED, Status.CLOSED)
    for offset in range(count):
        responder = others[(number + offset) % len(others)]
        response = services.express_interest(
            request,
            actor=responder.user,
            message=RESPONSE_TEXTS[(number + offset) % len(RESPONSE_TEXTS)],
        )
        if not decided:
            continue
        if offset == 0:
            response = services.accept_response(response, actor=request.author)
            services.post_message(response, actor=request.author, body=THREAD[0])
            services.post_message(response, actor=responder.user, body=THREAD[1])
        else:
            services.decline_response(response, actor=request.author)
    request.refresh_from_db()  # the decisions above moved it on
    if status == Status.MATCHED:
        services.mark_matched(request, actor=request.author)
    elif status == Status.CLOSED:
        services.close_request(request, actor=request.author)


def _partner_responses(partner):
    """The partner login has answered one of the member's requests, so both sides see a thread."""
    request = (
        CollaborationRequest.objects.filter(
            author__email="member@clusterhub.local", status=Status.OPEN
        )
        .order_by("pk")
        .first()
    )
    if request is None:
        return
    if not request.responses.filter(responder=partner).exists():
        services.express_interest(
            request,
            actor=partner,
            message="탄소 발열 필름 양산 경험이 있습니다. 샘플을 보내 드릴 수 있습니다.",
        )
