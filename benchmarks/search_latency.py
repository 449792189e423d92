"""Search latency at scale: generate member profiles, index them, time a fixed query mix.

    .venv/bin/python benchmarks/search_latency.py --profiles 50000 --engine db
    .venv/bin/python benchmarks/search_latency.py --profiles 50000 --engine es

Uses a throw-away SQLite database unless DATABASE_URL is set (then that database: use an empty
one). `--engine es` uses ELASTICSEARCH_URL, or starts osmem-server (the in-memory ES-API server
from requirements-dev) when it is not set. Each query is what the search page runs for the
"People" tab: matching, ranking, 20 hits, kind counts and facets, as an anonymous visitor.
Prints one JSON line: {"engine", "profiles", "p50_ms", "p95_ms", "index_s", ...}.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERY_MIX = [
    "탄소",
    "탄소섬유",
    "발열체",
    "3D 프린팅",
    "3d printing",
    "3D프린팅",
    "센서 모듈",
    "스마트공장",
    "carbon fibre",
    "battery",
    "power conversion",
    "이차전지 BMS",
    "김민",
    "정밀가공 금형",
    "smart farm",
    "공동연구",
    "embedded software",
    "사물인터넷 게이트웨이",
    "composite materials 경량화",
    "태양광",
]
FILTERED = {"languages": "en"}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profiles", type=int, default=50_000)
    parser.add_argument("--engine", choices=["db", "es"], default="db")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the query mix")
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


def configure(args):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cluster_hub.settings.dev")
    os.environ["DJANGO_DEBUG"] = "false"
    if not os.environ.get("DATABASE_URL"):
        folder = Path(tempfile.mkdtemp(prefix="search-bench-"))
        os.environ["SQLITE_PATH"] = str(folder / "db.sqlite3")
    server = None
    if args.engine == "es" and not os.environ.get("ELASTICSEARCH_URL"):
        from osmem_server import OsmemServer

        server = OsmemServer.start(japanese=False)
        os.environ["ELASTICSEARCH_URL"] = server.url
        os.environ["ELASTICSEARCH_PLAIN_JSON"] = "true"
    if args.engine == "db":
        os.environ.pop("ELASTICSEARCH_URL", None)
    os.environ["ELASTICSEARCH_INDEX_PREFIX"] = "bench"
    import django

    django.setup()
    return server


def generate(count, rng):
    from django.contrib.auth import get_user_model
    from taggit.models import Tag, TaggedItem

    from clusters import demo_data
    from clusters.models import MemberProfile, Organisation

    User = get_user_model()
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"{name} {n}",
                name_en=f"{name_en} {n}",
                slug=f"bench-{n}",
                kind=kind,
                industrial_complex=complex_name,
            )
            for n, (name, name_en, kind, _c, complex_name, _s, _p) in enumerate(
                demo_data.ORGANISATIONS * 5
            )
        ]
    )
    pairs = [pair for spec in demo_data.CLUSTERS for pair in spec["tags"]]
    tag_objects = {}
    for ko, en in pairs:
        for name in (ko, en):
            tag_objects[name] = Tag.objects.get_or_create(name=name, defaults={"slug": name})[0]
    users = User.objects.bulk_create(
        [User(username=f"bench{n:06d}", email=f"bench{n:06d}@example.kr") for n in range(count)],
        batch_size=2000,
    )
    titles = [t for t, _ in demo_data.COMPANY_TITLES + demo_data.RESEARCH_TITLES]
    profiles = []
    chosen_tags = []
    for n, user in enumerate(users):
        name = rng.choice(demo_data.SURNAMES) + rng.choice(demo_data.GIVEN_NAMES)
        chosen = rng.sample(pairs, 3)
        expertise = [ko if rng.random() < 0.5 else en for ko, en in chosen]
        chosen_tags.append(expertise)
        organisation = organisations[n % len(organisations)]
        profiles.append(
            MemberProfile(
                user=user,
                full_name=name,
                organisation=organisation,
                membership_confirmed=True,
                title=rng.choice(titles),
                bio=f"{organisation.name} {', '.join(expertise)} 분야 경력 {n % 25 + 1}년.",
                skills="\n".join(rng.sample(demo_data.SKILLS, 3)),
                languages=["ko", "en"] if n % 2 else ["ko"],
            )
        )
    profiles = MemberProfile.objects.bulk_create(profiles, batch_size=2000)
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(MemberProfile)
    TaggedItem.objects.bulk_create(
        [
            TaggedItem(tag=tag_objects[name], content_type=content_type, object_id=profile.pk)
            for profile, names in zip(profiles, chosen_tags, strict=True)
            for name in names
        ],
        batch_size=5000,
    )


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    args = parse_args()
    server = configure(args)
    try:
        from django.contrib.auth.models import AnonymousUser
        from django.core.management import call_command

        from search import queries
        from search.backends.base import SearchQuery
        from search.documents import Kind
        from search.services import rebuild_index
        from search.text import query_terms

        call_command("migrate", verbosity=0)
        rng = random.Random(args.seed)
        started = time.perf_counter()
        generate(args.profiles, rng)
        generate_s = time.perf_counter() - started
        started = time.perf_counter()
        rebuild_index(engine_names=[args.engine])
        index_s = time.perf_counter() - started

        def run(text, filters):
            outcome = queries.search(
                SearchQuery(terms=query_terms(text), kinds=[Kind.PROFILE], filters=filters),
                user=AnonymousUser(),
            )
            if outcome.engine != args.engine or outcome.degraded:
                raise SystemExit(f"{args.engine} did not answer; the database did")
            return outcome.result.total

        for text in QUERY_MIX:  # warm-up: caches, connections, first-query costs
            run(text, {})
        timings, totals = [], {}
        for round_number in range(args.rounds):
            for text in QUERY_MIX:
                filters = FILTERED if round_number % 2 else {}
                began = time.perf_counter()
                totals[text] = run(text, filters)
                timings.append((time.perf_counter() - began) * 1000)
        print(
            json.dumps(
                {
                    "engine": args.engine,
                    "profiles": args.profiles,
                    "p50_ms": round(statistics.median(timings), 1),
                    "p95_ms": round(percentile(timings, 0.95), 1),
                    "index_s": round(index_s, 1),
                    "queries": len(timings),
                    "max_ms": round(max(timings), 1),
                    "generate_s": round(generate_s, 1),
                    "database": "postgresql" if os.environ.get("DATABASE_URL") else "sqlite",
                    "median_matches": statistics.median(totals.values()),
                }
            )
        )
    finally:
        if server:
            server.close()


if __name__ == "__main__":
    main()
