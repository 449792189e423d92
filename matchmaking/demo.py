"""Demo 1:1 meetings (called by `load_demo_data`): the 2026 Siheung purchase exhibition,
under way when the demo is loaded (like the forum's live day), with 25 exhibiting firms, 40
buyers from Korea, China, Vietnam and the United States, about 120 meeting requests in every
state, a published schedule on 10 tables × 14 slots (two online meetings with an
interpreter), check-ins and feedback for the slots already held. Idempotent: nothing is added
to a fair that already has participants."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from clusters.demo_accounts import demo_account
from clusters.models import MemberProfile, Organisation
from events import services as event_services
from events.demo import demo_event, demo_setting, translate_demo_events
from events.models import EventPage
from matchmaking import services
from matchmaking.models import FollowUp, Inquiry, Meeting, Participant

User = get_user_model()
SLUG = "siheung-purchase-fair-2026"
TEXTS = {
    SLUG: {
        "en": (
            "2026 Siheung Purchase Exhibition",
            "Siheung Business Center, 1st-floor exhibition hall",
            "1:1 purchase meetings between 25 Siheung manufacturers and buyers from Korea, China, "
            "Vietnam and the United States, with interpreters.",
        ),
        "zh-hans": (
            "2026 始兴采购洽谈会",
            "始兴商务中心1楼展厅",
            "始兴25家制造企业与来自韩国、中国、越南和美国的采购商进行一对一采购洽谈，提供翻译。",
        ),
        "vi": (
            "Hội chợ mua hàng Siheung 2026",
            "Trung tâm Kinh doanh Siheung, sảnh triển lãm tầng 1",
            "Gặp gỡ mua hàng 1:1 giữa 25 nhà sản xuất Siheung và người mua từ Hàn Quốc, Trung Quốc, "
            "Việt Nam và Hoa Kỳ, có phiên dịch.",
        ),
    }
}
# (company, country, languages, what they look for)
BUYERS = [
    ("Shenzhen Carbon Trading Co.", "CN", "zh en", "carbon fibre sheets, heating elements"),
    ("Suzhou Precision Parts Ltd.", "CN", "zh", "precision machined parts, HS 8483"),
    ("Qingdao Home Appliance Sourcing", "CN", "zh en", "heating mats, PCB assemblies"),
    ("Ningbo Mould Import & Export", "CN", "zh", "moulds, injection parts"),
    ("Xiamen Green Materials", "CN", "zh", "recycled composites, eco materials"),
    ("Tianjin Auto Components", "CN", "zh en", "auto interior parts, sensors"),
    ("Hangzhou Smart Living", "CN", "zh", "IoT modules, smart home"),
    ("Dalian Marine Supply", "CN", "zh", "anti-corrosion coatings"),
    ("Chengdu Medical Devices", "CN", "zh en", "medical device parts, cleanroom"),
    ("Wuhan Industrial Robotics", "CN", "zh", "robot grippers, actuators"),
    ("Guangzhou Cosmetic Packaging", "CN", "zh", "packaging, containers"),
    ("Harbin Cold Chain", "CN", "zh", "insulation panels"),
    ("Hanoi Composite JSC", "VN", "vi en", "carbon sheets, composite panels"),
    ("Saigon Electronics Assembly", "VN", "vi en", "PCB, wire harness"),
    ("Da Nang Furniture Export", "VN", "vi", "heating elements for furniture"),
    ("Hai Phong Auto Parts", "VN", "vi", "auto parts, HS 8708"),
    ("Binh Duong Plastics", "VN", "vi en", "injection moulds"),
    ("Can Tho Agri Machinery", "VN", "vi", "machined parts, gears"),
    ("Vinh Phuc Motorbike Supply", "VN", "vi", "metal parts, coatings"),
    ("Hue Medical Trading", "VN", "vi en", "medical consumables"),
    ("Bac Ninh Smart Factory", "VN", "vi en", "sensors, automation"),
    ("Dong Nai Steel Works", "VN", "vi", "fasteners, precision parts"),
    ("Quang Ninh Energy", "VN", "vi", "battery parts, heat management"),
    ("Nha Trang Marine Products", "VN", "vi", "coatings, fibre ropes"),
    ("Pacific Composites Inc.", "US", "en", "carbon fibre prepreg, drone frames"),
    ("Midwest Industrial Supply LLC", "US", "en", "precision machining, HS 8466"),
    ("Golden Gate Med Tech", "US", "en", "medical device components"),
    ("Lone Star Automation", "US", "en", "robotics, actuators"),
    ("Northwind Home Products", "US", "en", "heated furniture, smart home"),
    ("Atlantic Outdoor Gear", "US", "en", "heating pads, textiles"),
    ("대한유통(주)", "KR", "ko", "생활가전 부품, 발열체"),
    ("(주)한국조달상사", "KR", "ko en", "공공조달 납품 부품"),
    ("부산해양기자재(주)", "KR", "ko", "방식 코팅, 선박 부품"),
    ("(주)서울의료기", "KR", "ko", "의료기기 부품"),
    ("대전로봇솔루션(주)", "KR", "ko", "로봇 그리퍼, 감속기"),
    ("(주)인천물류시스템", "KR", "ko", "물류 자동화 부품"),
    ("광주모빌리티(주)", "KR", "ko", "전기차 부품, 열관리"),
    ("(주)울산산업재", "KR", "ko", "산업용 소재"),
    ("(주)수원스마트홈", "KR", "ko en", "IoT 모듈"),
    ("(주)제주그린에너지", "KR", "ko", "태양광 부품"),
]
FEEDBACK_COMMENTS = [
    "샘플 3종을 보내기로 했습니다.",
    "Price is competitive; we will ask for a quotation.",
    "需要确认认证文件后再谈。",
    "Cần thêm thông tin về thời gian giao hàng.",
    "",
]


def load(*, rng, password):
    setting = demo_setting()
    if setting is None:
        return {}
    _locale, coordinator, host, index = setting
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    # Under way whatever the hour: some slots are over (checked in, with feedback), most ahead.
    starts = now - timedelta(hours=3)
    event = demo_event(
        index,
        SLUG,
        host,
        title="2026 시흥 구매상담회",
        kind=EventPage.Kind.BUYER_FAIR,
        starts_at=starts,
        ends_at=starts + timedelta(hours=8),
        venue="시흥비즈니스센터 1층 전시장",
        summary="시흥 제조기업 25개사와 한국·중국·베트남·미국 바이어의 1:1 구매상담 (통역 지원)",
        capacity=None,
    )
    translate_demo_events(index, event, texts=TEXTS)
    matchmaking = services.open_matchmaking(event, actor=coordinator)
    buyer_login = demo_account(
        "buyer@clusterhub.local",
        "Li Wei (李伟)",
        password=password,
        title="Sourcing manager",
        language="zh-hans",
    )
    logins = [("buyer", "buyer@clusterhub.local")]
    if matchmaking.participants.exists():
        return {"logins": logins, "summary": _summary(matchmaking)}

    services.update_matchmaking(
        matchmaking,
        actor=coordinator,
        online_url_template="https://meet.example.org/clusterhub-{event}-{meeting}",
        include_mutual_wishes=False,
    )
    services.create_slots(
        matchmaking, actor=coordinator, first_start=starts, count=14, breaks_after={6}
    )
    services.set_tables(matchmaking, actor=coordinator, count=10)
    for name, languages in (
        ("왕리 (Wang Li)", ["zh"]),
        ("응우옌 투 (Nguyen Thu)", ["vi"]),
        ("김수진 (Sujin Kim)", ["en"]),
        ("최민호 (Minho Choi)", ["en", "zh"]),
    ):
        services.add_interpreter(matchmaking, actor=coordinator, name=name, languages=languages)

    exhibitors = _exhibitors(matchmaking, rng)
    buyers = _buyers(matchmaking, buyer_login, password)
    _requests(matchmaking, exhibitors, buyers, rng, coordinator)
    services.run_scheduler(matchmaking, actor=coordinator)
    services.publish_schedule(matchmaking, actor=coordinator)
    _held_so_far(matchmaking, coordinator, rng)
    _inquiries(buyers, exhibitors, coordinator)
    _past_online_consultation(index, host, coordinator, exhibitors, buyers, rng)
    return {"logins": logins, "summary": _summary(matchmaking)}


PAST_SLUG = "anyang-online-export-consultation-2026"
PAST_TEXTS = {
    PAST_SLUG: {
        "en": (
            "2026 Anyang Online Export Consultation",
            "Online (video meetings)",
            "Video meetings between local manufacturers and overseas buyers, with interpreters.",
        ),
    }
}


def _past_online_consultation(index, host, coordinator, exhibitors, buyers, rng):
    """Four months ago: online video consultations, all held, and the follow-ups three months
    later with the contracts they led to (what the agency reports for the year)."""
    starts = (timezone.localtime() - timedelta(days=120)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    event = demo_event(
        index,
        PAST_SLUG,
        host,
        title="2026 안양 온라인 수출상담회",
        kind=EventPage.Kind.BUYER_FAIR,
        starts_at=starts,
        ends_at=starts + timedelta(hours=6),
        venue="온라인 (화상 상담)",
        summary="지역 제조기업과 해외 바이어의 화상 수출상담 (통역 지원)",
        capacity=None,
        registration_open=False,
    )
    translate_demo_events(index, event, texts=PAST_TEXTS)
    past = services.open_matchmaking(event, actor=coordinator)
    if past.participants.exists():
        return
    services.update_matchmaking(
        past,
        actor=coordinator,
        scheduling=past.Scheduling.AUTOMATIC,
        online_url_template="https://meet.example.org/clusterhub-{event}-{meeting}",
    )
    services.create_slots(past, actor=coordinator, first_start=starts, count=10)
    services.add_interpreter(
        past, actor=coordinator, name="응우옌 투 (Nguyen Thu)", languages=["vi"]
    )
    services.add_interpreter(past, actor=coordinator, name="김수진 (Sujin Kim)", languages=["en"])
    firms = [participant.user for participant in exhibitors[:8]]
    overseas = [participant for participant in buyers if participant.country in ("US", "VN")]
    event_services.import_registrations(
        event, actor=coordinator, users=firms + [buyer.user for buyer in overseas]
    )
    firm_participants = [
        services.join(
            past, actor=user, role=Participant.Role.EXHIBITOR, country="KR", languages=["ko", "en"]
        )
        for user in firms
    ]
    buyer_participants = [
        services.join(
            past,
            actor=buyer.user,
            role=Participant.Role.BUYER,
            company=buyer.company,
            country=buyer.country,
            languages=buyer.language_codes,
            interests=buyer.interests,
        )
        for buyer in overseas
    ]
    pairs = {(rng.choice(buyer_participants), rng.choice(firm_participants)) for _ in range(30)}
    for buyer, firm in sorted(pairs, key=lambda pair: (pair[0].pk, pair[1].pk))[:22]:
        meeting_request = services.send_request(
            firm,
            actor=buyer.user,
            online=True,
            language="vi" if buyer.country == "VN" else "en",
        )
        services.answer_request(meeting_request, actor=firm.user, accept=True)
    services.run_scheduler(past, actor=coordinator)
    services.publish_schedule(past, actor=coordinator)
    for meeting in Meeting.objects.filter(matchmaking=past):
        services.record_attendance(meeting, actor=coordinator, held=rng.random() < 0.9)
    services.send_reminders_and_follow_ups()
    # About USD 600,000 in contracts, as the agency reported for its export consultations.
    values = iter([180000, 150000, 120000, 90000, 60000])
    for follow_up in FollowUp.objects.filter(meeting__matchmaking=past).select_related(
        "participant__user"
    ):
        roll = rng.random()
        if roll > 0.75:
            continue  # not answered (yet)
        is_buyer = follow_up.participant.role == Participant.Role.BUYER
        value = next(values, None) if is_buyer and roll < 0.25 else None
        services.answer_follow_up(
            follow_up,
            actor=follow_up.participant.user,
            negotiating=roll < 0.55,
            agreement=value is not None,
            contract_value=value,
            currency="USD",
        )


def _summary(matchmaking):
    return [
        f"{matchmaking.participants.count()} meeting participants, "
        f"{matchmaking.requests.count()} meeting requests, "
        f"{matchmaking.meetings.count()} meetings, "
        f"{Inquiry.objects.count()} inquiries"
    ]


def _inquiries(buyers, exhibitors, coordinator):
    """The buyer accounts joining the fair opened get their categories, and all but the last
    three are verified (those wait for a coordinator); and inquiries: the demo buyer's to three
    firms (one answered with a quotation), others' to the demo member's firm, waiting for its
    answer."""
    for index, participant in enumerate(buyers):
        profile = services.update_buyer_profile(
            participant.user.buyer_profile,
            actor=participant.user,
            company=participant.company,
            country=participant.country,
            sourcing=participant.interests,
            hs_chapters=_buyer_chapters(participant.interests),
        )
        if index < len(buyers) - 3:
            services.verify_buyer(profile, actor=coordinator)
    demo_buyer = buyers[0].user
    firms = [exhibitor.organisation for exhibitor in exhibitors[:3]]
    for number, firm in enumerate(firms):
        product = firm.products.first()
        inquiry = services.send_inquiry(
            firm,
            actor=demo_buyer,
            product=product,
            quantity=["5,000 pcs", "2,000 m²", "800 sets"][number],
            target_price=["USD 2.40 / pc", "", "USD 18 / set"][number],
            incoterm=["FOB", "CIF", "EXW"][number],
            message="We are sourcing for our 2027 product line. Please send your best price, "
            "MOQ and lead time. 我们也需要样品。",
        )
        if number == 0:
            answerer = exhibitors[0].user
            services.reply_to_inquiry(
                inquiry,
                actor=answerer,
                body="USD 2.55 / pc FOB Busan for 5,000 pcs, lead time 4 weeks. "
                "Samples can be seen at our table at the purchase exhibition.",
                quoted=True,
            )
            services.reply_to_inquiry(
                inquiry, actor=demo_buyer, body="Thank you. Can you do USD 2.45 for 10,000 pcs?"
            )
    for participant in buyers[1:4]:
        last = services.send_inquiry(
            firms[0],
            actor=participant.user,
            quantity="1,000 pcs",
            message="Please send your catalogue and price list.",
        )
    # One buyer has waited long enough to ask the agency to step in.
    services.ask_for_inquiry_help(
        last,
        actor=buyers[3].user,
        reason="No answer yet, and our trade fair order deadline is next week.",
    )


# The HS chapters a demo buyer's interests point to (first words first, at most three).
CHAPTER_WORDS = [
    ("carbon", "68"),
    ("composite", "39"),
    ("heating", "85"),
    ("mould", "84"),
    ("injection", "39"),
    ("coating", "32"),
    ("pcb", "85"),
    ("sensor", "90"),
    ("iot", "85"),
    ("precision", "84"),
    ("auto", "87"),
    ("medical", "90"),
    ("robot", "84"),
    ("packaging", "39"),
    ("insulation", "39"),
    ("battery", "85"),
    ("fastener", "73"),
    ("machin", "84"),
]


def _buyer_chapters(interests):
    text = interests.lower()
    found = [chapter for word, chapter in CHAPTER_WORDS if word in text]
    return list(dict.fromkeys(found))[:3] or ["84"]


def _exhibitors(matchmaking, rng):
    """The demo member's firm first, then 24 more companies with a confirmed member."""
    demo_member = User.objects.filter(email="member@clusterhub.local").first()
    chosen = [demo_member] if demo_member else []
    companies = Organisation.objects.filter(kind=Organisation.Kind.COMPANY).order_by("pk")
    for organisation in companies:
        if len(chosen) >= 25:
            break
        profile = (
            MemberProfile.objects.filter(organisation=organisation, membership_confirmed=True)
            .exclude(user__in=chosen)
            .order_by("-is_organisation_admin", "pk")
            .first()
        )
        if profile and not any(
            user.profile.organisation_id == organisation.pk for user in chosen if user
        ):
            chosen.append(profile.user)
    exhibitors = []
    for user in chosen:
        event_services.register(matchmaking.event, actor=user)
        organisation = user.profile.organisation
        products = ", ".join(product.name for product in organisation.products.all()[:3])
        exhibitors.append(
            services.join(
                matchmaking,
                actor=user,
                role=Participant.Role.EXHIBITOR,
                country="KR",
                languages=rng.choice([["ko"], ["ko", "en"], ["ko", "en", "zh"]]),
                interests=products or organisation.summary[:200],
            )
        )
    return exhibitors


def _buyers(matchmaking, buyer_login, password):
    buyers = []
    for number, (company, country, languages, interests) in enumerate(BUYERS, start=1):
        if number == 1:
            user = buyer_login
        else:
            user = demo_account(
                f"buyer{number:02d}@clusterhub.local",
                company.split()[0],
                password=password,
                title="Buyer",
                listed=False,
                language={"CN": "zh-hans", "VN": "vi", "US": "en"}.get(country, "ko"),
            )
        event_services.register(matchmaking.event, actor=user)
        buyers.append(
            services.join(
                matchmaking,
                actor=user,
                role=Participant.Role.BUYER,
                company=company,
                country=country,
                languages=languages.split(),
                interests=interests,
            )
        )
    return buyers


MESSAGES = [
    "귀사 제품의 샘플과 단가를 상담하고 싶습니다.",
    "We are looking for a long-term supplier. Can we discuss MOQ and lead time?",
    "我们想了解贵公司产品的价格和交货期。",
    "Chúng tôi muốn tìm hiểu về giá và thời gian giao hàng.",
    "",
]


def _requests(matchmaking, exhibitors, buyers, rng, coordinator):
    """About 120 requests: most from buyers, some from exhibitors; accepted, declined,
    waiting, expired and withdrawn ones. The demo buyer's are always among them, the first two
    online with a Chinese interpreter."""
    demo_buyer = buyers[0]
    pairs = [(demo_buyer, exhibitor) for exhibitor in exhibitors[:6]]
    while len(set(pairs)) < 122:
        pairs.append((rng.choice(buyers[1:]), rng.choice(exhibitors)))
    pairs = list(dict.fromkeys(pairs))

    def send(buyer, exhibitor, *, online=False, language=""):
        sender, recipient = (buyer, exhibitor)
        if buyer is not demo_buyer and rng.random() < 0.25:
            sender, recipient = (exhibitor, buyer)
        if not language and buyer.country in ("CN", "VN") and rng.random() < 0.3:
            language = "zh" if buyer.country == "CN" else "vi"
        return services.send_request(
            recipient,
            actor=sender.user,
            message=rng.choice(MESSAGES),
            priority=rng.choice([1, 2, 2, 3]),
            language=language,
            online=online,
        )

    # A handful sent before an earlier answer deadline of the fair, left unanswered, expired.
    services.update_matchmaking(
        matchmaking, actor=coordinator, requests_expire_at=timezone.now() + timedelta(minutes=5)
    )
    for buyer, exhibitor in pairs[-6:]:
        send(buyer, exhibitor)
    services.expire_requests(now=timezone.now() + timedelta(minutes=6))
    services.update_matchmaking(matchmaking, actor=coordinator, requests_expire_at=None)

    made = [send(demo_buyer, exhibitor, online=True, language="zh") for _, exhibitor in pairs[:2]]
    # One waiting for the demo buyer's answer.
    services.send_request(
        demo_buyer, actor=exhibitors[7].user, message="样品可以在展位上看到。欢迎来洽谈！"
    )
    made += [send(buyer, exhibitor) for buyer, exhibitor in pairs[2:-6]]
    for index, meeting_request in enumerate(made):
        roll = rng.random()
        answer_by = meeting_request.recipient.user
        if index < 2 or roll < 0.64:
            services.answer_request(meeting_request, actor=answer_by, accept=True)
        elif roll < 0.79:
            services.answer_request(meeting_request, actor=answer_by, accept=False)
        elif roll < 0.85:
            services.withdraw_request(meeting_request, actor=meeting_request.sender.user)
        # the rest wait for an answer


def _held_so_far(matchmaking, coordinator, rng):
    """Meetings whose slot has begun are checked in (most held) and most get feedback."""
    now = timezone.now()
    started = Meeting.objects.filter(matchmaking=matchmaking, slot__starts_at__lte=now)
    for meeting in started.select_related("request__sender__user", "request__recipient__user"):
        held = rng.random() < 0.85
        services.record_attendance(meeting, actor=coordinator, held=held)
        for participant in (meeting.request.sender, meeting.request.recipient):
            if rng.random() < 0.8:
                services.give_feedback(
                    meeting,
                    actor=participant.user,
                    held=held,
                    interest=rng.randint(2, 5) if held else None,
                    next_step=rng.choice(
                        ["none", "second_meeting", "samples", "quotation", "negotiation"]
                    ),
                    comment=rng.choice(FEEDBACK_COMMENTS),
                )
