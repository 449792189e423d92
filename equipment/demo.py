"""Demo shared equipment (from the Siheung and Anyang support centres and Gumi institutes) with
a week of bookings (called by `load_demo_data`)."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from clusters.demo_accounts import demo_account
from clusters.models import MemberProfile, Organisation
from equipment import permissions, services
from equipment.models import Equipment, EquipmentBooking

Category = Equipment.Category
SIHEUNG = "siheung-industry-promotion-agency-micro-manufacturer-center"
ANYANG = "anyang-startup-support-center"
KETI = "keti-gumi-center"
CARBON = "korea-carbon-industry-promotion-agency"
GERI = "gumi-electronics-information-technology-research-institute"

# (owner, name, English name, category, fee per hour, needs approval, max hours, specs)
EQUIPMENT = [
    (
        SIHEUNG,
        "3차원 좌표측정기",
        "3D coordinate measuring machine",
        Category.MEASUREMENT,
        20000,
        True,
        4,
        "측정범위 700×1000×600 mm, 정밀도 1.9+L/300 µm",
    ),
    (
        SIHEUNG,
        "3D 스캐너",
        "3D scanner",
        Category.SCANNING,
        15000,
        True,
        4,
        "블루라이트 방식, 정밀도 0.02 mm, 역설계 소프트웨어 포함",
    ),
    (
        SIHEUNG,
        "산업용 3D 프린터 (FDM)",
        "Industrial 3D printer (FDM)",
        Category.PRINTING,
        10000,
        True,
        8,
        "출력 크기 400×400×400 mm, PLA/ABS/PETG",
    ),
    (
        SIHEUNG,
        "조도계",
        "Illuminance meter",
        Category.MEASUREMENT,
        0,
        False,
        4,
        "측정범위 0.1–200,000 lx",
    ),
    (
        SIHEUNG,
        "비전 측정기",
        "Vision measuring system",
        Category.MEASUREMENT,
        15000,
        True,
        4,
        "측정범위 300×200 mm, 자동 에지 검출",
    ),
    (
        SIHEUNG,
        "공구 세트 (정밀 가공)",
        "Precision tool set",
        Category.MACHINING,
        0,
        False,
        8,
        "마이크로미터, 하이트게이지, 토크렌치 등",
    ),
    (
        SIHEUNG,
        "CAD/CAM 교육실 워크스테이션",
        "CAD/CAM workstation",
        Category.SOFTWARE,
        0,
        False,
        8,
        "CATIA, NX, Mastercam 설치",
    ),
    (
        ANYANG,
        "네트워크 분석기",
        "Network analyser",
        Category.ELECTRONICS,
        0,
        True,
        6,
        "9 kHz – 8.5 GHz, 2포트",
    ),
    (
        ANYANG,
        "항온항습 챔버",
        "Temperature-humidity chamber",
        Category.TESTING,
        0,
        True,
        8,
        "-40 – 150 °C, 20–98 %RH, 내부 1000 L",
    ),
    (
        ANYANG,
        "열충격 시험기",
        "Thermal shock tester",
        Category.TESTING,
        0,
        True,
        8,
        "-65 – 200 °C, 2존 방식",
    ),
    (ANYANG, "오실로스코프", "Oscilloscope", Category.ELECTRONICS, 0, False, 4, "1 GHz, 4채널"),
    (
        ANYANG,
        "스펙트럼 분석기",
        "Spectrum analyser",
        Category.ELECTRONICS,
        0,
        True,
        4,
        "9 kHz – 26.5 GHz",
    ),
    (
        ANYANG,
        "정전기 시험기",
        "ESD simulator",
        Category.TESTING,
        0,
        True,
        4,
        "±30 kV, IEC 61000-4-2",
    ),
    (
        KETI,
        "EMC 프리스캔 장비",
        "EMC pre-scan system",
        Category.ELECTRONICS,
        30000,
        True,
        4,
        "방사·전도 노이즈 사전 측정",
    ),
    (
        KETI,
        "임베디드 보드 디버거",
        "Embedded debug probe",
        Category.ELECTRONICS,
        0,
        False,
        8,
        "JTAG/SWD, ARM Cortex",
    ),
    (
        CARBON,
        "만능재료시험기",
        "Universal testing machine",
        Category.TESTING,
        25000,
        True,
        4,
        "최대 하중 100 kN, 인장·압축·굴곡",
    ),
    (
        CARBON,
        "탄소섬유 프리프레그 오토클레이브",
        "Prepreg autoclave",
        Category.MACHINING,
        50000,
        True,
        8,
        "Ø1.5 m × 3 m, 최대 200 °C, 10 bar",
    ),
    (
        CARBON,
        "열전도율 측정기",
        "Thermal conductivity analyser",
        Category.MEASUREMENT,
        20000,
        True,
        4,
        "레이저 플래시, 상온–1100 °C",
    ),
    (
        GERI,
        "금속 3D 프린터 (SLM)",
        "Metal 3D printer (SLM)",
        Category.PRINTING,
        80000,
        True,
        8,
        "출력 크기 250×250×300 mm, Ti64/SUS316L",
    ),
    (
        GERI,
        "산업용 CT 스캐너",
        "Industrial CT scanner",
        Category.SCANNING,
        60000,
        True,
        4,
        "225 kV, 해상도 5 µm",
    ),
]


def load(*, rng, password):
    owners = {organisation.slug: organisation for organisation in Organisation.objects.all()}
    manager = demo_account(
        "equipment@clusterhub.local",
        "최유진",
        password=password,
        organisation=owners[SIHEUNG],
        title="장비 운영 매니저",
        org_admin=True,
        expertise=["3D 스캐닝", "precision machining"],
    )
    items = []
    for owner, name, name_en, category, fee, approval, max_hours, specs in EQUIPMENT:
        fields = {
            "name_en": name_en,
            "category": category,
            "location": f"{owners[owner].name} 장비실",
            "fee_per_hour": fee,
            "requires_approval": approval,
            "max_hours": max_hours,
            "specs": specs,
        }
        equipment = Equipment.objects.filter(owner=owners[owner], name=name).first()
        if equipment is None:
            equipment = services.create_equipment(
                actor=None, owner=owners[owner], name=name, **fields
            )
        else:
            equipment = services.update_equipment(equipment, actor=None, **fields)
        items.append(equipment)
    _bookings(items, manager)
    return {
        "logins": [("equipment", "equipment@clusterhub.local")],
        "summary": [
            f"{Equipment.objects.count()} pieces of shared equipment",
            f"{EquipmentBooking.objects.count()} bookings",
        ],
    }


def _bookings(items, manager):
    """This week's and next week's bookings, made through the booking service (with its clock
    set to the day before each) the first time the demo is loaded in a week."""
    bookers = list(
        MemberProfile.objects.filter(membership_confirmed=True, user__username__startswith="demo")
        .select_related("user", "organisation")
        .order_by("user__username")[:30]
    )
    member = MemberProfile.objects.select_related("user", "organisation").get(
        user__email="member@clusterhub.local"
    )
    coordinator = get_user_model().objects.get(email="coordinator@clusterhub.local")
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    week_start = timezone.make_aware(datetime.combine(monday, time.min))
    for index, equipment in enumerate(items):
        if EquipmentBooking.objects.filter(equipment=equipment, starts_at__gte=week_start).exists():
            continue
        for day_offset in range(0, 12, 2 + index % 3):
            day = monday + timedelta(days=day_offset)
            if day.weekday() >= 5:
                continue
            start_hour = 9 + (index + day_offset) % 5
            hours = min(equipment.max_hours, 2 + (index + day_offset) % 3)
            booker = bookers[(index * 7 + day_offset) % len(bookers)]
            if index == 0 and day_offset == 4:
                booker = member
            starts_at = timezone.make_aware(datetime.combine(day, time(start_hour)))
            booking = services.request_booking(
                equipment,
                actor=booker.user,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=hours),
                purpose="시제품 치수 측정 및 품질 검증" if index % 2 else "신제품 시험·평가",
                now=min(timezone.now(), starts_at - timedelta(days=1)),
            )
            in_future = starts_at > timezone.now()
            still_waiting = in_future and (index + day_offset) % 3 == 0
            if booking.status == EquipmentBooking.Status.REQUESTED and not still_waiting:
                decider = (
                    manager if permissions.manages_equipment(manager, equipment) else coordinator
                )
                services.approve_booking(booking, actor=decider)
