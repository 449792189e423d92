"""Load the demo site: pages in four languages, the eight Gumi mini-clusters, organisations,
member profiles and demo logins. Idempotent (re-running updates, never duplicates) and seeded."""

import importlib
import importlib.util
import random

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils.text import slugify

from cluster_hub.korean import with_particle
from clusters import demo_catalogue, demo_data, demo_translations
from clusters.demo_accounts import demo_account
from clusters.models import (
    ClusterContact,
    ClusterRole,
    MemberProfile,
    MiniClusterIndexPage,
    MiniClusterPage,
    Organisation,
    Visibility,
)
from clusters.services import assign_role, import_member, import_organisation
from home.services import ensure_locales, set_up_home, synchronise_languages
from translations.services import import_translation

LANGUAGE_CODES = ["ko", "en", "zh-hans", "vi"]
DEMO_PASSWORD = "clusterhub-demo-2026"  # noqa: S105 - printed for the demo on purpose
HOME_TEXT = {
    "ko": (
        "클러스터 협업 플랫폼",
        "산업단지 미니클러스터의 기업·대학·연구소·지원기관을 연결합니다. 파트너를 찾고, 협업을 제안하고, 포럼과 행사에 함께하세요.",
    ),
    "en": (
        "The collaboration platform for mini-clusters",
        "ClusterHub connects the companies, universities, research institutes and support agencies of industrial mini-clusters. Find partners, propose collaboration, and join forums and events.",
    ),
    "zh-hans": (
        "微型产业集群协作平台",
        "连接产业园区微型集群的企业、大学、研究所和支持机构。寻找合作伙伴，提出合作，参加论坛与活动。",
    ),
    "vi": (
        "Nền tảng hợp tác cho các cụm công nghiệp mini",
        "Kết nối doanh nghiệp, trường đại học, viện nghiên cứu và cơ quan hỗ trợ của các cụm công nghiệp mini. Tìm đối tác, đề xuất hợp tác và tham gia diễn đàn, sự kiện.",
    ),
}
INDEX_TEXT = {
    "ko": ("미니클러스터", "구미 국가산업단지의 8개 미니클러스터를 소개합니다."),
    "en": ("Mini-clusters", "The eight mini-clusters of the Gumi national industrial complex."),
    "zh-hans": ("微型集群", "介绍龟尾国家产业园区的八个微型集群。"),
    "vi": ("Cụm công nghiệp mini", "Tám cụm công nghiệp mini của khu công nghiệp quốc gia Gumi."),
}
GOALS = {
    "ko": "<ul><li>산·학·연 공동 R&amp;D 과제 발굴</li><li>회원사 판로개척과 수출 지원</li><li>공용장비와 기술 교류로 시제품 개발 기간 단축</li></ul>",
    "en": "<ul><li>Find joint industry–academia–research R&amp;D projects</li><li>Open new sales channels and support exports</li><li>Shorten prototyping through shared equipment and technology exchange</li></ul>",
}


def demo_loaders():
    """`load` functions of the installed apps' `demo` modules, in INSTALLED_APPS order."""
    loaders = []
    for app_config in apps.get_app_configs():
        if app_config.name == "clusters":
            continue
        module_name = f"{app_config.name}.demo"
        if importlib.util.find_spec(module_name) is not None:
            loaders.append(importlib.import_module(module_name).load)
    return loaders


class Command(BaseCommand):
    help = "Load ClusterHub demo data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, seed, **options):
        rng = random.Random(seed)
        # Demo registrations, decisions and notifications must not email anyone.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            transaction.atomic(),
        ):
            locales = ensure_locales(LANGUAGE_CODES)
            home = self._home(locales)
            index = self._cluster_index(home, locales)
            clusters = self._clusters(index, locales)
            organisations = self._organisations(clusters)
            demo_catalogue.load(demo_translations.PRODUCTS)
            self._profiles(organisations, rng)
            logins = self._demo_accounts(organisations, clusters)
            summaries = []
            # Other apps add their demo data through a `demo.load(rng=..., password=...)`
            # function of their own, so this app never imports them.
            for loader in demo_loaders():
                result = loader(rng=random.Random(seed), password=DEMO_PASSWORD)
                logins += result.get("logins", [])
                summaries += result.get("summary", [])
            synchronise_languages()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(clusters)} clusters, {Organisation.objects.count()} organisations, "
                f"{MemberProfile.objects.count()} member profiles"
                + "".join(f", {line}" for line in summaries)
                + "."
            )
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for role, email in logins:
            self.stdout.write(f"  {role:<12} {email}")
        self.stdout.write(
            "Coordinators and the admin are asked to set up an authenticator app (TOTP) on first login."
        )

    # --- pages -----------------------------------------------------------------------------
    def _publish(self, page):
        page.save_revision().publish()

    def _translate(self, page, locales, fields_for):
        """Make sure `page` exists in every locale; `fields_for(code)` gives that locale's fields."""
        for code, locale in locales.items():
            if code == "ko":
                continue
            translated = page.get_translation_or_none(locale)
            if translated is None:
                translated = page.copy_for_translation(locale)
                for name, value in fields_for(code).items():
                    setattr(translated, name, value)
                self._publish(translated)

    def _home(self, locales):
        title, text = HOME_TEXT["ko"]
        home = set_up_home(
            locale=locales["ko"],
            title="ClusterHub",
            slug="home-ko",
            hero_title=title,
            hero_text=text,
        )
        self._translate(
            home,
            locales,
            lambda code: {
                "title": "ClusterHub",
                "slug": f"home-{code}",
                "hero_title": HOME_TEXT[code][0],
                "hero_text": HOME_TEXT[code][1],
            },
        )
        return home

    def _cluster_index(self, home, locales):
        index = MiniClusterIndexPage.objects.filter(locale=locales["ko"]).first()
        if index is None:
            title, intro = INDEX_TEXT["ko"]
            index = MiniClusterIndexPage(title=title, slug="clusters", introduction=intro)
            home.add_child(instance=index)
            self._publish(index)
        self._translate(
            index,
            locales,
            lambda code: {"title": INDEX_TEXT[code][0], "introduction": INDEX_TEXT[code][1]},
        )
        return index

    def _clusters(self, index, locales):
        clusters = {}
        for spec in demo_data.CLUSTERS:
            page = MiniClusterPage.objects.filter(locale=locales["ko"], slug=spec["slug"]).first()
            if page is None:
                page = MiniClusterPage(
                    title=spec["title"]["ko"],
                    slug=spec["slug"],
                    field=spec["field"],
                    summary=spec["summary"]["ko"],
                    goals=GOALS["ko"],
                    contacts=[
                        ClusterContact(
                            name="박지현",
                            role="클러스터 코디네이터",
                            email=f"{spec['slug']}@kicox.example.kr",
                            phone="054-000-0000",
                            sort_order=0,
                        )
                    ],
                )
                index.add_child(instance=page)
                self._publish(page)
            self._translate(
                page,
                locales,
                lambda code, spec=spec: {
                    "title": spec["title"][code],
                    "summary": spec["summary"][code],
                    "goals": GOALS.get(code, GOALS["en"]),
                },
            )
            clusters[spec["slug"]] = page
        return clusters

    # --- directory -------------------------------------------------------------------------
    def _organisations(self, clusters):
        tags_by_cluster = {spec["slug"]: spec["tags"] for spec in demo_data.CLUSTERS}
        organisations = []
        for (
            name,
            name_en,
            kind,
            cluster_slugs,
            complex_name,
            size,
            products,
        ) in demo_data.ORGANISATIONS:
            slug = slugify(name_en)
            organisation = import_organisation(
                actor=None,
                slug=slug,
                name=name,
                name_en=name_en,
                kind=kind,
                summary=self._summary(name, kind, cluster_slugs),
                capabilities="\n".join(product for product, _ in products)
                or "공동연구, 기술지원, 장비 활용 지원",
                certifications="ISO 9001\n벤처기업 인증" if kind == "company" else "",
                industrial_complex=complex_name,
                address=f"경상북도 구미시 산업단지로 {len(name) * 7}",
                size_band=size,
                website=f"https://{slug}.example.kr",
                products=[
                    (product, demo_translations.PRODUCTS[product][0]) for product, _ in products
                ],
                clusters=[clusters[cluster_slug] for cluster_slug in cluster_slugs],
                tags=[
                    t
                    for slug_ in cluster_slugs[:2]
                    for pair in tags_by_cluster[slug_][:2]
                    for t in pair
                ],
            )
            organisations.append((organisation, cluster_slugs))
        self._translate_organisations(organisations)
        return organisations

    @staticmethod
    def _translate_organisations(organisations):
        """Every organisation in English; two in three in Chinese and Vietnamese too, a few of
        those made before the last edit of the Korean text (so they read "needs update") and
        some Vietnamese ones machine-translated and not yet checked."""
        titles = {spec["slug"]: spec["title"] for spec in demo_data.CLUSTERS}
        for index, (organisation, cluster_slugs) in enumerate(organisations):
            products = list(organisation.products.all())
            for code in ("en", "zh-hans", "vi"):
                if code != "en" and index % 3 == 2:
                    continue
                column = {"en": 1, "zh-hans": 2, "vi": 3}[code]
                fields = ", " if code != "zh-hans" else "、"
                fields = fields.join(
                    titles[slug][code].replace(demo_translations.FIELD_SUFFIXES[code], "").strip()
                    for slug in cluster_slugs
                )
                names = [demo_translations.PRODUCTS[p.name][column][0] for p in products]
                stale = code != "en" and index % 7 == 3
                import_translation(
                    organisation,
                    code,
                    {
                        "summary": demo_translations.SUMMARIES[code][organisation.kind].format(
                            name=organisation.name_en or organisation.name, fields=fields
                        ),
                        "capabilities": "\n".join(names)
                        if names
                        else demo_translations.DEFAULT_CAPABILITIES[code],
                        "certifications": demo_translations.COMPANY_CERTIFICATIONS[code]
                        if organisation.certifications
                        else "",
                    },
                    # Translated from the summary as it read before its last edit.
                    made_from={
                        "summary": organisation.summary.split(",")[0],
                        "capabilities": organisation.capabilities,
                        "certifications": organisation.certifications,
                    }
                    if stale
                    else None,
                    machine=code == "vi" and index % 5 == 4,
                )
                for product in products:
                    name, description = demo_translations.PRODUCTS[product.name][column]
                    import_translation(product, code, {"name": name, "description": description})

    @staticmethod
    def _summary(name, kind, cluster_slugs):
        fields = ", ".join(
            spec["title"]["ko"].replace(" 미니클러스터", "")
            for spec in demo_data.CLUSTERS
            if spec["slug"] in cluster_slugs
        )
        topic = with_particle(name, "은")
        return {
            "company": f"{topic} {fields} 분야의 제조 중소기업으로, 공동개발과 수요 기업 연계를 찾고 있습니다.",
            "university": f"{topic} {fields} 분야의 공동연구와 현장 맞춤형 인재 양성을 지원합니다.",
            "research": f"{topic} {fields} 분야의 기술 개발, 시험·인증과 장비 활용을 지원합니다.",
            "support": f"{topic} {fields} 미니클러스터 회원사의 성장, 판로개척과 네트워킹을 지원합니다.",
        }[kind]

    def _profiles(self, organisations, rng):
        tags_by_cluster = {spec["slug"]: spec["tags"] for spec in demo_data.CLUSTERS}
        titles = {
            "company": demo_data.COMPANY_TITLES,
            "university": demo_data.UNIVERSITY_TITLES,
            "research": demo_data.RESEARCH_TITLES,
            "support": demo_data.SUPPORT_TITLES,
        }
        for number in range(150):
            organisation, cluster_slugs = organisations[number % len(organisations)]
            surname, given = rng.choice(demo_data.SURNAMES), rng.choice(demo_data.GIVEN_NAMES)
            title_ko, title_en = rng.choice(titles[organisation.kind])
            pairs = [pair for slug in cluster_slugs for pair in tags_by_cluster[slug]]
            chosen = rng.sample(pairs, k=min(3, len(pairs)))
            # Half of the people tag in Korean, the rest in English or both.
            style = number % 3
            expertise = [
                ko if style == 0 else en if style == 1 else (ko if i % 2 else en)
                for i, (ko, en) in enumerate(chosen)
            ]
            username = f"demo{number:03d}"
            import_member(
                actor=None,
                username=username,
                email=f"{username}@members.example.kr",
                full_name=surname + given,
                organisation=organisation,
                expertise=expertise,
                title=title_ko if number % 4 else f"{title_ko} ({title_en})",
                bio=f"{organisation.name} {title_ko}. {', '.join(expertise)} 분야 경력 {5 + number % 20}년.",
                skills="\n".join(rng.sample(demo_data.SKILLS, k=3)),
                languages=["ko", "en"]
                if number % 2
                else ["ko"]
                + (["zh"] if number % 5 == 0 else [])
                + (["vi"] if number % 7 == 0 else []),
                contact_email=f"{username}@members.example.kr",
                phone=f"010-{2000 + number:04d}-{(number * 37) % 10000:04d}",
                contact_visibility=[Visibility.MEMBERS, Visibility.PUBLIC, Visibility.PRIVATE][
                    number % 3
                ],
                is_listed=True,
            )

    def _demo_accounts(self, organisations, clusters):
        by_slug = {organisation.slug: organisation for organisation, _ in organisations}

        def account(email, full_name, **kwargs):
            return demo_account(email, full_name, password=DEMO_PASSWORD, **kwargs)

        # The platform's operator, not a person of the directory: no card with nothing on it.
        account("admin@clusterhub.local", "관리자", superuser=True, listed=False)
        coordinator = account(
            "coordinator@clusterhub.local",
            "박지현",
            organisation=by_slug["kicox-daegu-gyeongbuk-regional-office"],
            title="클러스터 코디네이터",
        )
        assign_role(actor=None, user=coordinator, kind=ClusterRole.Kind.COORDINATOR, cluster=None)
        reviewer = account(
            "reviewer@clusterhub.local",
            "김도윤",
            organisation=by_slug["kumoh-national-institute-of-technology"],
            title="교수",
            expertise=["탄소섬유", "composite materials"],
        )
        assign_role(actor=None, user=reviewer, kind=ClusterRole.Kind.REVIEWER, cluster=None)
        account(
            "member@clusterhub.local",
            "이서연",
            organisation=by_slug["hanbit-carbon-co-ltd"],
            title="대표이사",
            org_admin=True,
            expertise=["발열체", "carbon fibre"],
        )
        return [
            ("admin", "admin@clusterhub.local"),
            ("coordinator", "coordinator@clusterhub.local"),
            ("reviewer", "reviewer@clusterhub.local"),
            ("member", "member@clusterhub.local"),
        ]
