"""Demo live events (called by `load_demo_data`): a forum's live day happening now, with the
programme as sessions, registered attendees, questions in every state, votes, a poll and jury
scores; and an upcoming policy forum with talks and a panel. Idempotent: events by slug,
questions only when a room has none."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Locale

from cluster_hub.pages import republish, site_root
from clusters.models import MemberProfile, MiniClusterPage
from events import services
from events.models import EventIndexPage, EventPage, EventSession, JuryMember, Question
from forums import permissions as forum_permissions
from forums.models import ForumEditionPage
from translations.services import import_translation

User = get_user_model()

QUESTIONS = [
    ("양산 단가는 기존 열선 제품 대비 어느 수준인가요?", "visible", 7),
    ("가구 업체와의 납품 계약은 어느 단계인가요?", "visible", 4),
    ("What certifications do you need for export to Vietnam?", "visible", 3),
    ("전자파 시험 결과를 공유해 주실 수 있나요?", "answered", 2),
    ("투자 유치 후 인력 채용 계획은?", "pending", 0),
    ("시제품을 직접 볼 수 있는 곳이 있나요?", "pending", 0),
    ("광고 글입니다 – 저희 제품을 보세요", "hidden", 0),
]


def demo_index(locale):
    """The events index of `locale`, made if missing (other apps' demos add events to it)."""
    home = site_root(locale)
    index = EventIndexPage.objects.filter(locale=locale).first()
    if index is None:
        index = EventIndexPage(
            title="행사",
            slug="events",
            introduction="포럼, 세미나, 바이어 상담회 일정과 실시간 질의응답.",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def demo_event(index, slug, host, **fields):
    event = EventPage.objects.filter(slug=slug, locale=index.locale).first()
    if event is None:
        event = EventPage(slug=slug, **fields)
        index.add_child(instance=event)
    else:
        for name, value in fields.items():
            setattr(event, name, value)
    event.host_clusters.set([host])
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def demo_setting():
    """(locale, coordinator, host cluster, events index) of the Korean demo site, or None
    when the site, the coordinator or a cluster is missing (other apps' demos use it too)."""
    locale = Locale.objects.filter(language_code="ko").first()
    if locale is None or site_root(locale) is None:
        return None
    coordinator = User.objects.filter(email="coordinator@clusterhub.local").first()
    host = MiniClusterPage.objects.filter(locale=locale).order_by("path").first()
    if coordinator is None or host is None:
        return None
    return locale, coordinator, host, demo_index(locale)


def load(*, rng, password):
    setting = demo_setting()
    if setting is None:
        return {}
    locale, coordinator, host, index = setting
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    edition = ForumEditionPage.objects.filter(slug="2026-3", locale=locale).first()

    live_day = demo_event(
        index,
        "forum-live-day",
        host,
        title="신사업벤처포럼 본행사 (실시간 질의응답 데모)",
        kind=EventPage.Kind.FORUM_DAY,
        # Always under way when the demo is loaded, whatever the hour: the live views have
        # something to show and registration stays open.
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=3),
        venue="한국산업단지공단 대경권본부 대회의실",
        summary="발표 기업별 10분 발표와 5분 질의응답. 휴대폰으로 질문하고 공감해 주세요.",
        forum_edition=edition,
        capacity=120,
        moderated=True,
        allow_anonymous=True,
    )
    if not live_day.sessions.exists():
        opening = EventSession(
            title="개회 및 포럼 소개",
            starts_at=live_day.starts_at,
            ends_at=live_day.starts_at + timedelta(minutes=30),
            room="대회의실",
        )
        jury = [JuryMember(user=user) for user in User.objects.filter(email__startswith="reviewer")]
        live_day = republish(
            live_day, actor=coordinator, children={"sessions": [opening], "jury": jury}
        )
        if edition is not None:
            services.import_programme(live_day, actor=coordinator)

    members = list(
        User.objects.filter(profile__membership_confirmed=True, profile__organisation__isnull=False)
        .exclude(email="coordinator@clusterhub.local")
        .order_by("pk")[:60]
    )
    demo_member = User.objects.filter(email="member@clusterhub.local").first()
    for user in [demo_member, *members[:45]]:
        if user is not None:
            services.register(live_day, actor=user)
    for registration in live_day.registrations.filter(status="registered")[:28]:
        if registration.checked_in_at is None:
            services.check_in(live_day, actor=coordinator, code=registration.code)

    first = live_day.sessions.order_by("starts_at", "sort_order").first()
    services.start_session(first, actor=coordinator)
    _questions(first, members, coordinator, rng)

    policy = demo_event(
        index,
        "carbon-policy-forum",
        host,
        title="2026 구미 탄소산업 정책포럼",
        kind=EventPage.Kind.POLICY_FORUM,
        starts_at=(now + timedelta(days=9)).replace(hour=14),
        ends_at=(now + timedelta(days=9)).replace(hour=17),
        venue="구미코 3층 회의실",
        summary="주제 발표 후 시의원·기업·연구기관이 참여하는 패널 토론",
        capacity=80,
        moderated=True,
    )
    if not policy.sessions.exists():
        profiles = list(MemberProfile.objects.filter(organisation__isnull=False).order_by("pk")[:6])
        start = policy.starts_at

        def session(title, begin, minutes, speakers, **extra):
            item = EventSession(
                title=title,
                starts_at=start + timedelta(minutes=begin),
                ends_at=start + timedelta(minutes=begin + minutes),
                room="3층 회의실",
                **extra,
            )
            item.speakers = speakers
            return item

        policy = republish(
            policy,
            actor=coordinator,
            children={
                "sessions": [
                    session("탄소소재 산업 육성 전략", 0, 30, profiles[:1]),
                    session("미니클러스터 협업 성과와 과제", 30, 30, profiles[1:2]),
                    session(
                        "패널 토론: 탄소산업 생태계의 다음 10년",
                        70,
                        60,
                        profiles[3:6],
                        kind=EventSession.Kind.PANEL,
                        chair=profiles[2] if len(profiles) > 2 else None,
                    ),
                ]
            },
        )
    past_day = _past_forum_day(index, host, coordinator, members, locale)
    translate_demo_events(index, policy, live_day, *([past_day] if past_day else []))
    return {
        "logins": [],
        "summary": [
            f"{EventPage.objects.filter(locale=locale).count()} live events",
            f"{Question.objects.count()} live questions",
        ],
    }


# Asked on a pitch at a past forum day: some answered live, some left for the pitcher.
PITCH_QUESTIONS = [
    ("가구 업체 납품 단가는 어느 정도로 예상하시나요?", True),
    ("KC 인증은 언제쯤 마칠 계획인가요?", True),
    ("발열체 수명 시험 결과를 공유해 주실 수 있나요?", False),
    ("해외 수출 시 필요한 인증은 무엇인가요?", False),
]


def _past_forum_day(index, host, coordinator, members, locale):
    """The previous edition's live day, so pitchers have open questions to answer in writing."""
    edition = ForumEditionPage.objects.filter(slug="2026-2", locale=locale).first()
    if edition is None or len(members) < len(PITCH_QUESTIONS):
        return None
    day = timezone.localtime(edition.forum_date)
    event = demo_event(
        index,
        "forum-2026-2-day",
        host,
        title="신사업벤처포럼 2026년 2차 본행사",
        kind=EventPage.Kind.FORUM_DAY,
        starts_at=day.replace(hour=13, minute=30),
        ends_at=day.replace(hour=17, minute=0),
        venue="한국산업단지공단 대경권본부 대회의실",
        summary="2차 포럼 발표 기업의 발표와 질의응답.",
        forum_edition=edition,
        capacity=100,
        moderated=True,
        allow_anonymous=True,
        # A members' forum day: anyone signed in could ask, registered or not.
        qa_participants=EventPage.Participants.SIGNED_IN,
    )
    if not event.sessions.exists():
        services.import_programme(event, actor=coordinator)
    pitch_sessions = event.sessions.filter(pitch__isnull=False).order_by("starts_at", "pk")
    # The demo partner's pitch, so that logging in as them shows the questions to answer.
    session = (
        pitch_sessions.filter(pitch__submitter__email="partner@clusterhub.local").first()
        or pitch_sessions.first()
    )
    if session is None or Question.objects.filter(session=session).exists():
        return event
    askers = [user for user in members if not forum_permissions.is_pitcher(user, session.pitch)]
    for (body, answered_live), asker in zip(PITCH_QUESTIONS, askers, strict=False):
        question = services.ask_question(
            session, actor=asker, body=body, anonymous=body == PITCH_QUESTIONS[-1][0]
        )
        services.moderate_question(question, actor=coordinator, action="approve")
        if answered_live:
            services.reply_to_question(
                question, actor=coordinator, reply="발표자가 현장에서 답변했습니다."
            )
    return event


def _questions(session, members, coordinator, rng):
    if Question.objects.filter(session=session).exists() or len(members) < 10:
        return
    for position, (body, state, votes) in enumerate(QUESTIONS):
        author = members[position]
        question = services.ask_question(
            session, actor=author, body=body, anonymous=position % 3 == 2
        )
        if state in ("visible", "answered"):
            services.moderate_question(question, actor=coordinator, action="approve")
            # Only registered attendees take part (the room's default): the first 45.
            for voter in rng.sample(members[10:45], votes):
                services.toggle_vote(question, actor=voter)
        if state == "answered":
            services.reply_to_question(
                question, actor=coordinator, reply="발표 후 자료실에 시험 성적서를 올려 두겠습니다."
            )
        if state == "hidden":
            services.moderate_question(question, actor=coordinator, action="hide")
        if position == 0:
            services.highlight_question(session, actor=coordinator, question=question)
    poll = services.create_poll(
        session,
        actor=coordinator,
        question="오늘 포럼에 참석한 가장 큰 목적은?",
        options=["투자 유치", "협력 파트너 발굴", "기술 동향 파악", "네트워킹"],
    )
    services.set_poll_status(poll, actor=coordinator, status="open")
    options = list(poll.options.all())
    for voter in members[12:30]:
        services.answer_poll(poll, actor=voter, option_ids=[rng.choice(options).pk])


INDEX_TITLES = {
    "en": ("Events", "Forums, seminars and buyer fairs, with live Q&A."),
    "zh-hans": ("活动", "论坛、研讨会和买家洽谈会，以及实时问答。"),
    "vi": ("Sự kiện", "Diễn đàn, hội thảo và hội chợ người mua, với hỏi đáp trực tiếp."),
}
# The events as the agency publishes them for overseas visitors: every event in English, the
# forum day and the policy forum in Chinese and Vietnamese too (the past forum day is not).
EVENT_TRANSLATIONS = {
    "forum-live-day": {
        "en": (
            "New Business Venture Forum live day (live Q&A demo)",
            "KICOX Daegyeong Regional Headquarters, main conference room",
            "Ten-minute pitches with five minutes of Q&A each. Ask and vote from your phone.",
        ),
        "zh-hans": (
            "新事业风险论坛正式活动（实时问答演示）",
            "韩国产业园区公团大庆圈本部大会议室",
            "每家企业路演10分钟、问答5分钟。请用手机提问并点赞。",
        ),
        "vi": (
            "Ngày chính Diễn đàn Khởi nghiệp Kinh doanh mới (demo hỏi đáp trực tiếp)",
            "Phòng họp lớn, Trụ sở vùng Daegyeong của KICOX",
            "Mỗi doanh nghiệp trình bày 10 phút và hỏi đáp 5 phút. Hãy đặt câu hỏi và bình chọn "
            "bằng điện thoại.",
        ),
    },
    "carbon-policy-forum": {
        "en": (
            "2026 Gumi Carbon Industry Policy Forum",
            "GUMICO, 3rd-floor conference room",
            "Keynotes, then a panel of city councillors, firms and research institutes.",
        ),
        "zh-hans": (
            "2026龟尾碳产业政策论坛",
            "龟尾会展中心（GUMICO）3楼会议室",
            "主题演讲后，由市议员、企业和研究机构参与小组讨论。",
        ),
        "vi": (
            "Diễn đàn Chính sách Công nghiệp Carbon Gumi 2026",
            "GUMICO, phòng hội nghị tầng 3",
            "Các bài phát biểu chính, sau đó là tọa đàm với hội đồng thành phố, doanh nghiệp và "
            "viện nghiên cứu.",
        ),
    },
    "forum-2026-2-day": {
        "en": (
            "New Business Venture Forum 2026-2 live day",
            "KICOX Daegyeong Regional Headquarters, main conference room",
            "Pitches and Q&A of the second 2026 forum's firms.",
        ),
    },
}
SESSION_TRANSLATIONS = {
    "개회 및 포럼 소개": {
        "en": ("Opening and introduction to the forum", "Main conference room"),
        "zh-hans": ("开幕及论坛介绍", "大会议室"),
        "vi": ("Khai mạc và giới thiệu diễn đàn", "Phòng họp lớn"),
    },
    "탄소소재 산업 육성 전략": {
        "en": ("A strategy for the carbon materials industry", "3rd-floor conference room"),
        "zh-hans": ("碳材料产业培育战略", "3楼会议室"),
        "vi": ("Chiến lược phát triển ngành vật liệu carbon", "Phòng hội nghị tầng 3"),
    },
    "미니클러스터 협업 성과와 과제": {
        "en": ("Mini-cluster collaboration: results and challenges", "3rd-floor conference room"),
        "zh-hans": ("微型集群合作的成果与课题", "3楼会议室"),
        "vi": ("Hợp tác cụm mini: kết quả và thách thức", "Phòng hội nghị tầng 3"),
    },
    "패널 토론: 탄소산업 생태계의 다음 10년": {
        "en": ("Panel: the next ten years of the carbon industry", "3rd-floor conference room"),
        "zh-hans": ("小组讨论：碳产业生态的下一个十年", "3楼会议室"),
        "vi": ("Tọa đàm: mười năm tới của hệ sinh thái ngành carbon", "Phòng hội nghị tầng 3"),
    },
}


def translate_demo_events(index, *events, texts=None):
    """The index in every language with a home page; the events and their sessions in the
    languages the agency publishes them in (`texts`: {slug: {language: (title, venue,
    summary)}}, these events' own by default)."""
    texts = EVENT_TRANSLATIONS if texts is None else texts
    for locale in Locale.objects.exclude(pk=index.locale_id):
        if locale.language_code not in INDEX_TITLES:
            continue
        home = site_root(locale)
        if home is None:
            continue
        translated_index = index.get_translation_or_none(locale)
        if translated_index is None:
            translated_index = index.copy_for_translation(locale)
            translated_index.title, translated_index.introduction = INDEX_TITLES[
                locale.language_code
            ]
            translated_index.save_revision().publish()
        code = locale.language_code
        for event in events:
            event_texts = texts.get(event.slug, {}).get(code)
            if event_texts is None:
                continue
            if event.get_translation_or_none(locale) is None:
                translated = event.copy_for_translation(locale)
                translated.title, translated.venue, translated.summary = event_texts
                translated.save_revision().publish()
            for session in event.sessions.all():
                session_texts = SESSION_TRANSLATIONS.get(session.title, {}).get(code)
                if session_texts is not None:
                    title, room = session_texts
                    import_translation(session, code, {"title": title, "room": room})
