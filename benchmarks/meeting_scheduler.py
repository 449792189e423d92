"""Meeting scheduler benchmark: generated purchase-exhibition instances, seeded.

    python benchmarks/meeting_scheduler.py                  # 60, 200 and 500 participants
    python benchmarks/meeting_scheduler.py --sizes 60 --seeds 1 2 3 4 5 --exact-seconds 120

Each instance has N participants (40% exhibitors, 60% buyers), 3×N accepted requests between
distinct exhibitor–buyer pairs (popular firms and busy buyers drawn more often, so the most
wanted have more requests than there are slots), 16 slots and 20 tables; people miss a few
consecutive slots (they arrive late or leave early), 12% of the meetings need an interpreter
(four interpreters:
English, Chinese, Vietnamese, English+Chinese, each away for a slot), 5% are online (no table);
priorities 1 (half), 2 (30%) and 3 (20%). The objective is the placed meetings' total priority.

One JSON line per instance: the share of requests placed, the weight placed, the time taken
and the rules checked (`violations`, always 0 or the script exits 1), for the scheduler and for
the baseline measured in the same run — first fit in request order, no ordering and no repair.
For the 60-participant instances the optimum of the same objective is computed by OR-Tools
CP-SAT (`optimum`, `optimal` says whether it was proven within `--exact-seconds`; otherwise the
solver's bound is used, which only makes the ratio lower) and `ratio` = weight / optimum.
A last line sums up: targets 500 participants in < 10 s and ratio ≥ 0.98 at 60.
"""

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matchmaking.scheduler import Placement, Problem, Request, check, schedule

SLOTS = 16
TABLES = 20
INTERPRETERS = {
    1: frozenset({"en"}),
    2: frozenset({"zh"}),
    3: frozenset({"vi"}),
    4: frozenset({"en", "zh"}),
}


def generate(participants, seed):
    rng = random.Random(seed)
    slots = list(range(SLOTS))
    exhibitors = list(range(int(participants * 0.4)))
    buyers = list(range(len(exhibitors), participants))
    # Some firms are wanted by many buyers and some buyers ask for many firms: the popular
    # ones have more requests than slots, which is what makes scheduling hard.
    exhibitor_weights = [1 / (rank + 1) ** 0.7 for rank in range(len(exhibitors))]
    buyer_weights = [1 / (rank + 1) ** 0.4 for rank in range(len(buyers))]
    pairs = set()
    while len(pairs) < 3 * participants:
        host = rng.choices(exhibitors, weights=exhibitor_weights)[0]
        guest = rng.choices(buyers, weights=buyer_weights)[0]
        pairs.add((host, guest))
    requests = []
    for index, (host, guest) in enumerate(sorted(pairs)):
        roll = rng.random()
        requests.append(
            Request(
                id=index,
                host=host,
                guest=guest,
                priority=rng.choices([1, 2, 3], weights=[50, 30, 20])[0],
                language=rng.choice(["en", "zh", "vi"]) if roll < 0.12 else "",
                online=0.12 <= roll < 0.17,
            )
        )
    rng.shuffle(requests)
    unavailable = {}
    for person in range(participants):
        missing = rng.choice([0, 0, 1, 2, 3, 4])
        if missing:
            start = rng.choice([0, SLOTS - missing])  # late arrival or early departure
            unavailable[person] = frozenset(range(start, start + missing))
    interpreter_unavailable = {
        interpreter: frozenset({rng.randrange(SLOTS)}) for interpreter in INTERPRETERS
    }
    return Problem(
        slots=slots,
        tables=list(range(TABLES)),
        requests=requests,
        unavailable=unavailable,
        interpreters=INTERPRETERS,
        interpreter_unavailable=interpreter_unavailable,
    )


def first_fit(problem):
    """The baseline: each request in the order given into the first slot where it fits."""
    started = time.perf_counter()
    busy = set()
    placements = []
    for request in problem.requests:
        for slot in problem.slots:
            if slot in problem.unavailable.get(request.host, ()) or slot in problem.unavailable.get(
                request.guest, ()
            ):
                continue
            if ("p", request.host, slot) in busy or ("p", request.guest, slot) in busy:
                continue
            table = None
            if not request.online:
                table = next((t for t in problem.tables if ("t", t, slot) not in busy), None)
                if table is None:
                    continue
            interpreter = None
            if request.language:
                interpreter = next(
                    (
                        i
                        for i, languages in sorted(problem.interpreters.items())
                        if request.language in languages
                        and ("i", i, slot) not in busy
                        and slot not in problem.interpreter_unavailable.get(i, ())
                    ),
                    None,
                )
                if interpreter is None:
                    continue
            busy |= {("p", request.host, slot), ("p", request.guest, slot)}
            if table is not None:
                busy.add(("t", table, slot))
            if interpreter is not None:
                busy.add(("i", interpreter, slot))
            placements.append(Placement(request.id, slot, table, interpreter))
            break
    return placements, time.perf_counter() - started


def optimum(problem, seconds):
    """The best total priority any schedule can reach (CP-SAT), or the solver's bound."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    chosen = {}
    for request in problem.requests:
        for slot in problem.slots:
            if slot in problem.unavailable.get(request.host, ()):
                continue
            if slot in problem.unavailable.get(request.guest, ()):
                continue
            chosen[(request.id, slot)] = model.new_bool_var(f"x{request.id}_{slot}")
    by_request, by_person, by_slot_on_site = {}, {}, {}
    interpreter_use = {}
    for request in problem.requests:
        for slot in problem.slots:
            var = chosen.get((request.id, slot))
            if var is None:
                continue
            by_request.setdefault(request.id, []).append(var)
            for person in (request.host, request.guest):
                by_person.setdefault((person, slot), []).append(var)
            if not request.online:
                by_slot_on_site.setdefault(slot, []).append(var)
            if request.language:
                options = []
                for interpreter, languages in problem.interpreters.items():
                    if request.language not in languages:
                        continue
                    if slot in problem.interpreter_unavailable.get(interpreter, ()):
                        continue
                    use = model.new_bool_var(f"y{request.id}_{slot}_{interpreter}")
                    options.append(use)
                    interpreter_use.setdefault((interpreter, slot), []).append(use)
                model.add(sum(options) == var)
    for variables in by_request.values():
        model.add_at_most_one(variables)
    for variables in by_person.values():
        model.add_at_most_one(variables)
    for variables in interpreter_use.values():
        model.add_at_most_one(variables)
    for variables in by_slot_on_site.values():
        model.add(sum(variables) <= len(problem.tables))
    priority = {request.id: request.priority for request in problem.requests}
    model.maximize(sum(priority[request_id] * var for (request_id, _), var in chosen.items()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 2
    started = time.perf_counter()
    status = solver.solve(model)
    return {
        "optimum": round(solver.best_objective_bound),
        "best_found": round(solver.objective_value),
        "optimal": status == cp_model.OPTIMAL,
        "exact_s": round(time.perf_counter() - started, 2),
    }


def measure(participants, seed, exact_seconds, exact_sizes=(60,)):
    problem = generate(participants, seed)
    total_weight = sum(request.priority for request in problem.requests)
    result = schedule(problem)
    violations = check(problem, result.placements)
    baseline, baseline_s = first_fit(problem)
    baseline_violations = check(problem, baseline)
    weight = result.weight(problem)
    priority = {request.id: request.priority for request in problem.requests}
    line = {
        "participants": participants,
        "seed": seed,
        "requests": len(problem.requests),
        "placed": len(result.placements),
        "placed_share": round(len(result.placements) / len(problem.requests), 4),
        "weight": weight,
        "weight_share": round(weight / total_weight, 4),
        "seconds": round(result.seconds, 3),
        "violations": len(violations),
        "unplaced_reasons": _count(result.unplaced.values()),
        "baseline": {
            "placed": len(baseline),
            "placed_share": round(len(baseline) / len(problem.requests), 4),
            "weight": sum(priority[p.request] for p in baseline),
            "seconds": round(baseline_s, 3),
            "violations": len(baseline_violations),
        },
    }
    if exact_seconds and participants in exact_sizes:
        exact = optimum(problem, exact_seconds)
        line.update(exact)
        line["ratio"] = round(weight / exact["optimum"], 4)
        line["baseline"]["ratio"] = round(line["baseline"]["weight"] / exact["optimum"], 4)
    return line, violations + baseline_violations


def _count(values):
    counts = {}
    for value in values:
        counts[str(value)] = counts.get(str(value), 0) + 1
    return dict(sorted(counts.items()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[60, 200, 500])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--exact-seconds", type=float, default=60.0)
    parser.add_argument(
        "--exact-sizes", type=int, nargs="+", default=[60], help="sizes compared with CP-SAT"
    )
    args = parser.parse_args()
    lines = []
    broken = []
    for participants in args.sizes:
        for seed in args.seeds:
            line, violations = measure(participants, seed, args.exact_seconds, args.exact_sizes)
            print(json.dumps(line), flush=True)
            lines.append(line)
            broken.extend(violations)
    ratios = [line["ratio"] for line in lines if "ratio" in line and line["participants"] == 60]
    largest = [line["seconds"] for line in lines if line["participants"] >= 500]
    summary = {
        "summary": True,
        "min_ratio_at_60": min(ratios) if ratios else None,
        "max_seconds_at_500": max(largest) if largest else None,
        "violations": len(broken),
        "targets_met": bool(
            (not ratios or min(ratios) >= 0.98)
            and (not largest or max(largest) < 10)
            and not broken
        ),
    }
    print(json.dumps(summary), flush=True)
    if broken:
        print("\n".join(broken[:20]), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
