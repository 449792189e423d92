"""Demo forum editions, pitches with small generated PDF decks, reviews, decisions, programmes
and outcomes (called by `load_demo_data`). Idempotent: editions are found by slug, pitches by
title within their edition."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import Locale

from cluster_hub.pages import site_root
from clusters.demo_accounts import demo_account
from clusters.models import ClusterRole, MemberProfile, MiniClusterPage, Organisation
from clusters.services import assign_role
from forums import queries, services
from forums.models import (
    ForumEditionPage,
    ForumIndexPage,
    Pitch,
    ProgrammeSlot,
)
from outcomes.models import Outcome

Status = Pitch.Status

INDEX_TITLES = {
    "ko": ("신사업벤처포럼", "유망 신사업 아이템을 발굴하고 투자 유치와 사업화를 돕는 포럼입니다."),
    "en": (
        "New Business Venture Forum",
        "Discovering promising new-business items and helping them attract investment.",
    ),
    "zh-hans": ("新事业风险论坛", "发掘有前景的新事业项目，帮助其吸引投资并实现商业化。"),
    "vi": (
        "Diễn đàn Kinh doanh Mới",
        "Tìm kiếm ý tưởng kinh doanh mới triển vọng và hỗ trợ thu hút đầu tư.",
    ),
}

# (slug, number, year, month, day, open call?)
EDITIONS = [
    ("2026-2", 2, 2026, 5, 20, False),
    ("2026-3", 3, 2026, 8, 26, False),
    ("2026-4", 4, 2026, 10, 28, False),
    ("2027-1", 1, 2027, 2, 24, True),
]

# (organisation slug, title, tags, stage, funding ask in KRW)
PITCH_IDEAS = [
    (
        "k-materials-co",
        "탄소섬유 면상 발열체 가구 적용",
        ["발열체", "탄소섬유"],
        "early_revenue",
        2_000_000_000,
    ),
    (
        "medisensor-co",
        "병원 보온·보냉 배식카트용 온도 센서",
        ["센서", "의료기기"],
        "early_revenue",
        500_000_000,
    ),
    ("ecomobility-co", "농업용 전동 운반차", ["전기차", "농업"], "growth", 1_500_000_000),
    (
        "carbonworks-inc",
        "탄소 복합소재 드론 프레임",
        ["복합소재", "드론"],
        "prototype",
        800_000_000,
    ),
    ("3d-wave-co", "금속 3D프린팅 금형 냉각채널", ["3D프린팅", "금형"], "prototype", 600_000_000),
    (
        "batterylab-co",
        "이차전지 열폭주 조기 감지 모듈",
        ["이차전지", "센서"],
        "prototype",
        1_200_000_000,
    ),
    (
        "wise-robot-inc",
        "소공인 공장용 협동로봇 셀",
        ["로봇", "스마트공장"],
        "early_revenue",
        900_000_000,
    ),
    (
        "linkiot-co-ltd",
        "산업단지 에너지 모니터링 IoT",
        ["IoT", "에너지관리"],
        "early_revenue",
        400_000_000,
    ),
    ("farmrobotics-co", "스마트팜 수확 로봇", ["스마트팜", "로봇"], "prototype", 700_000_000),
    (
        "heatsink-korea",
        "반도체 장비용 고효율 히트싱크",
        ["히트싱크", "반도체"],
        "growth",
        1_000_000_000,
    ),
    ("smart-vision-tech", "AI 비전 외관 검사기", ["머신비전", "AI"], "early_revenue", 600_000_000),
    (
        "biogreen-co-ltd",
        "기능성 식품 원료 발효 공정",
        ["기능성 식품", "바이오"],
        "prototype",
        300_000_000,
    ),
    (
        "green-power-solution",
        "태양광 전력변환 모듈",
        ["전력변환", "태양광"],
        "growth",
        1_800_000_000,
    ),
    ("codebridge", "제조 데이터 MES 클라우드", ["MES", "스마트공장"], "early_revenue", 500_000_000),
    ("jeongmil-tech", "반도체용 특수 볼트", ["정밀가공", "반도체"], "early_revenue", 400_000_000),
    (
        "daegyeong-composites-co",
        "경량 복합소재 차량 부품",
        ["복합소재", "자동차부품"],
        "prototype",
        900_000_000,
    ),
    ("neosense-co-ltd", "웨어러블 생체신호 센서", ["센서", "웨어러블"], "prototype", 700_000_000),
    (
        "modeling-factory",
        "3D 스캔 기반 역설계 서비스",
        ["3D 스캐닝", "역설계"],
        "early_revenue",
        200_000_000,
    ),
    ("uniformtech", "탄소섬유 방열 작업복", ["탄소섬유", "섬유"], "idea", 150_000_000),
    (
        "anyang-electronic-parts",
        "전자부품 열충격 시험 대행",
        ["시험인증", "전자부품"],
        "growth",
        300_000_000,
    ),
    (
        "siheung-precision",
        "소공인 공동 브랜드 정밀부품",
        ["정밀가공", "공동브랜드"],
        "early_revenue",
        250_000_000,
    ),
    (
        "gyeongbuk-smartfarm-co",
        "스마트팜 양액 자동 제어",
        ["스마트팜", "IoT"],
        "prototype",
        350_000_000,
    ),
    ("sunrise-energy-co", "건물형 태양광 창호", ["태양광", "건축"], "prototype", 1_100_000_000),
    (
        "gumi-display-parts-co",
        "차량용 투명 디스플레이 부품",
        ["디스플레이", "자동차부품"],
        "prototype",
        1_300_000_000,
    ),
    (
        "printmetal-inc",
        "항공 부품 금속 적층 수리",
        ["3D프린팅", "항공"],
        "early_revenue",
        1_600_000_000,
    ),
]

REVIEWERS = [
    ("reviewer2@clusterhub.local", "이정민", "대경엔젤클럽 심사역", ["센서", "스마트공장", "IoT"]),
    (
        "reviewer3@clusterhub.local",
        "박선영",
        "경북테크노파크 책임연구원",
        ["복합소재", "3D프린팅", "탄소섬유"],
    ),
    ("reviewer4@clusterhub.local", "최준호", "벤처캐피탈 이사", ["이차전지", "태양광", "로봇"]),
]


def demo_pdf(title):
    """A small but complete one-page PDF (ASCII text only) standing in for a deck."""
    text = title.encode("ascii", "replace").decode().replace("(", "").replace(")", "")
    stream = f"BT /F1 24 Tf 72 720 Td (ClusterHub pitch deck) Tj 0 -40 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _aware(year, month, day, hour=14):
    return timezone.make_aware(datetime(year, month, day, hour, 0))


def _index(locales):
    home = site_root(locales["ko"])
    index = ForumIndexPage.objects.filter(locale=locales["ko"]).first()
    if index is None:
        title, intro = INDEX_TITLES["ko"]
        index = ForumIndexPage(title=title, slug="forum", introduction=intro)
        home.add_child(instance=index)
        index.save_revision().publish()
    for code, locale in locales.items():
        if code == "ko" or index.get_translation_or_none(locale):
            continue
        if home.get_translation_or_none(locale) is None:
            continue
        translated = index.copy_for_translation(locale)
        translated.title, translated.introduction = INDEX_TITLES.get(code, INDEX_TITLES["en"])
        translated.save_revision().publish()
    return index


def _edition(index, locales, slug, number, year, month, day, open_call, host):
    edition = ForumEditionPage.objects.filter(slug=slug, locale=locales["ko"]).first()
    forum_date = _aware(year, month, day)
    if open_call:
        now = timezone.now()
        opens, closes = now - timedelta(days=20), now + timedelta(days=30)
        forum_date = max(forum_date, closes + timedelta(days=21))
    else:
        opens, closes = forum_date - timedelta(days=60), forum_date - timedelta(days=21)
    fields = {
        "forum_date": forum_date,
        "venue": "한국산업단지공단 대경권본부 대회의실",
        "description": "<p>유망 신사업 아이템 발표와 투자자·바이어 네트워킹. 발표 기업당 10분 발표, "
        "5분 질의응답.</p>",
        "call_opens_at": opens,
        "call_closes_at": closes,
        "eligibility": "<p>미니클러스터 회원 중소기업과 창업 7년 이내 스타트업</p>",
        "submission_guidelines": "<p>사업계획 요약과 발표자료(PDF 또는 PPTX, 30MB 이하)</p>",
        "review_open": not open_call,
    }
    if edition is None:
        edition = ForumEditionPage(title=f"{year} 제{number}회 신사업벤처포럼", slug=slug, **fields)
        index.add_child(instance=edition)
    else:
        for name, value in fields.items():
            setattr(edition, name, value)
    edition.host_clusters.set([host])
    edition.save_revision().publish()
    edition = ForumEditionPage.objects.get(pk=edition.pk)
    en = locales.get("en")
    if en and index.get_translation_or_none(en) and edition.get_translation_or_none(en) is None:
        translated = edition.copy_for_translation(en)
        translated.title = f"{year} New Business Venture Forum No. {number}"
        translated.venue = "KICOX Daegyeong regional office, main conference room"
        translated.description = (
            "<p>Pitches of promising new-business items, then networking with investors and "
            "buyers. Ten minutes per company, five minutes of questions.</p>"
        )
        translated.eligibility = (
            "<p>Member SMEs of the mini-clusters and startups up to seven years old</p>"
        )
        translated.submission_guidelines = (
            "<p>A business plan summary and a deck (PDF or PPTX, up to 30 MB)</p>"
        )
        translated.save_revision().publish()
    return edition


def load(*, rng, password):
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    if "ko" not in locales or site_root(locales["ko"]) is None:
        return {}
    host = MiniClusterPage.objects.filter(locale=locales["ko"]).order_by("path").first()
    index = _index(locales)
    reviewers = [
        profile.user
        for profile in MemberProfile.objects.filter(user__email="reviewer@clusterhub.local")
    ]
    for email, name, title, expertise in REVIEWERS:
        user = demo_account(email, name, password=password, title=title, expertise=expertise)
        if not ClusterRole.objects.filter(user=user, kind=ClusterRole.Kind.REVIEWER).exists():
            assign_role(actor=None, user=user, kind=ClusterRole.Kind.REVIEWER)
        reviewers.append(user)
    organisations = {org.slug: org for org in Organisation.objects.all()}
    recorder = get_user_model().objects.get(email="coordinator@clusterhub.local")
    editions = [_edition(index, locales, *spec, host=host) for spec in EDITIONS]
    pitch_count = 0
    for position, idea in enumerate(PITCH_IDEAS):
        edition = editions[position % len(editions)]
        organisation = organisations.get(idea[0])
        if organisation is None:
            continue
        pitch_count += _pitch(edition, organisation, idea, reviewers, rng, position, recorder)
    for edition in editions[:-1]:
        _programme(edition)
    return {
        "logins": [],
        "summary": [
            f"{len(editions)} forum editions",
            f"{Pitch.objects.count()} pitches",
            f"{queries.pitch_outcomes().count()} forum outcomes",
        ],
    }


def _pitch(edition, organisation, idea, reviewers, rng, position, recorder):
    _slug, title, tags, stage, ask = idea
    submitter_profile = (
        MemberProfile.objects.filter(organisation=organisation, membership_confirmed=True)
        .order_by("-is_organisation_admin", "pk")
        .first()
    )
    if submitter_profile is None:
        return 0
    if Pitch.objects.filter(edition=edition, title=title).exists():
        return 0  # loaded before: the demo is idempotent
    reviews = []
    if not edition.is_call_open or position % 3 == 0:
        for reviewer in rng.sample(reviewers, k=min(2, len(reviewers))):
            if edition.is_call_open:
                reviews.append((reviewer, None, "", ""))
            else:
                reviews.append(
                    (
                        reviewer,
                        {key: rng.randint(2, 5) for key, _label, _weight in edition.rubric()},
                        "시장성 검증 자료 보완 필요",
                        "고객사 확보 계획을 구체적으로 제시하면 좋겠습니다.",
                    )
                )
    decision = decided_at = confirmed_at = None
    if not edition.is_call_open:
        # Rotate the decisions within each edition (every edition gets accepted pitches; by
        # position alone, the third edition had only waiting-list ones and no programme).
        decision = [Status.ACCEPTED, Status.ACCEPTED, Status.WAITLISTED, Status.REJECTED][
            (position // len(EDITIONS)) % 4
        ]
        if title.startswith("탄소섬유 면상") or title.startswith("병원"):
            decision = Status.ACCEPTED
        decided_at = edition.call_closes_at + timedelta(days=7)
        if decision == Status.ACCEPTED:
            confirmed_at = decided_at + timedelta(days=1)
    pitch = services.import_pitch(
        edition,
        actor=None,
        organisation=organisation,
        submitter=submitter_profile.user,
        title=title,
        item=f"{title}: 기존 제품 대비 무게 30% 감소, 원가 20% 절감을 목표로 한 신기술입니다.",
        market_outlook="국내 시장 연 8% 성장, 2030년 1조원 규모 전망. 수출 수요 증가.",
        business_plan="1년차 시제품 완성과 인증, 2년차 양산 설비 구축, 3년차 수출 개시.",
        stage=stage,
        funding_ask=ask,
        team="대표 포함 연구인력 6명, 생산 12명",
        tags=tags,
        presenters=[submitter_profile],
        deck=ContentFile(demo_pdf(f"Pitch {position + 1}"), name=f"{title}.pdf"),
        submitted_at=edition.call_opens_at + timedelta(days=3 + position % 10),
        reviews=reviews,
        decision=decision,
        decided_at=decided_at,
        attendance_confirmed_at=confirmed_at,
        presented=decision == Status.ACCEPTED and edition.is_past,
    )
    if pitch.presented:
        _outcomes(pitch, edition, rng, recorder)
    return 1


def _outcomes(pitch, edition, rng, recorder):
    # Some weeks after the forum, never later than today: an outcome is something that happened.
    day = min(
        (edition.forum_date + timedelta(days=45)).date(), timezone.localdate() - timedelta(days=31)
    )
    Kind = Outcome.Kind
    if pitch.title.startswith("탄소섬유 면상"):
        services.record_outcome(
            pitch,
            actor=recorder,
            kind=Kind.SUPPLY_CONTRACT,
            amount=2_000_000_000,
            counterparty="(주)한결가구",
            note="가구용 발열체 공급 계약",
            occurred_on=day,
        )
        services.record_outcome(
            pitch,
            actor=recorder,
            kind=Kind.INVESTMENT,
            amount=3_000_000_000,
            investment_kind=Outcome.InvestmentKind.ANGEL,
            counterparty="수도권 엔젤클럽",
            occurred_on=day + timedelta(days=30),
        )
        return
    if pitch.title.startswith("병원"):
        services.record_outcome(
            pitch,
            actor=recorder,
            kind=Kind.JOINT_RD,
            counterparty="(주)메디쿡",
            note="병원 배식카트 온도 센서 공급",
            occurred_on=day,
        )
        return
    choice = rng.choice([Kind.INVESTMENT, Kind.SUPPLY_CONTRACT, Kind.MOU, Kind.JOBS, Kind.PATENT])
    values = {"kind": choice, "occurred_on": day}
    if choice == Kind.INVESTMENT:
        values |= {
            "amount": rng.choice([1, 2, 3, 5]) * 100_000_000,
            "investment_kind": rng.choice(["angel", "vc", "crowdfunding", "grant"]),
            "counterparty": "대경엔젤클럽",
        }
    elif choice == Kind.SUPPLY_CONTRACT:
        values |= {"amount": rng.choice([2, 4, 6]) * 100_000_000, "counterparty": "수출 바이어"}
    elif choice == Kind.MOU:
        values |= {"counterparty": "경북테크노파크"}
    else:
        values |= {"quantity": rng.randint(1, 6)}
    services.record_outcome(pitch, actor=recorder, **values)


def _programme(edition):
    if ProgrammeSlot.objects.filter(edition=edition).exists():
        return
    accepted = Pitch.objects.filter(edition=edition, status=Status.ACCEPTED).order_by("pk")
    moment = datetime.combine(edition.forum_date.date(), time(14, 0))
    slots = []
    for order, pitch in enumerate(accepted):
        slots.append(
            ProgrammeSlot(pitch=pitch, starts_at=moment.time(), minutes=15, sort_order=order)
        )
        moment += timedelta(minutes=15)
    # Through a revision, like the admin: the programme lives in the page's revisions.
    edition.programme_slots = slots
    edition.save_revision().publish()
