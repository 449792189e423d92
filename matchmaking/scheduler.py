"""The automatic meeting scheduler: accepted requests into time slots × tables.

Pure Python on plain data (no Django), so the services, the benchmark and the property tests
all run the very same code. The objective is the total weight of the meetings placed (a
request's weight is its priority, 1–3), with these hard rules, never broken:

- a person, a table and an interpreter are in at most one meeting per slot;
- a meeting is in a slot both people are available in;
- a meeting that needs an interpreter gets one who speaks the language and is free then;
- an online meeting takes no table; a meeting on site takes exactly one;
- meetings given as `fixed` (published, or picked by the participants themselves) stay where
  they are.

How: a greedy pass (highest priority, then fewest possible slots first; each meeting goes to
the slot its two people's other requests need least), then repair passes that, for a request
left out, free a slot by moving the meetings in its way elsewhere, or — only if that gains
weight — leave out lighter ones instead. Every request still left out gets the reason.
An exhibitor keeps one table across slots whenever it is free (buyers come to the booth).
"""

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class Request:
    id: int
    host: int  # the exhibitor: keeps the same table when it can
    guest: int
    priority: int = 1
    language: str = ""  # the interpreter language this meeting needs, "" for none
    online: bool = False


@dataclass(frozen=True)
class Placement:
    request: int
    slot: int
    table: int | None = None
    interpreter: int | None = None


class Reason(StrEnum):
    NO_COMMON_SLOT = "no_common_slot"  # the two are never available at the same time
    NO_INTERPRETER = "no_interpreter"  # no interpreter of the language when both are free
    PEOPLE_BUSY = "people_busy"  # every slot they share holds another meeting of theirs
    NO_TABLE = "no_table"  # the slots they share have no table left
    INTERPRETERS_BUSY = "interpreters_busy"  # the interpreters are in other meetings then


@dataclass(frozen=True)
class Problem:
    slots: Sequence[int]
    tables: Sequence[int]
    requests: Sequence[Request]
    unavailable: Mapping[int, frozenset] = field(default_factory=dict)  # person → slots
    interpreters: Mapping[int, frozenset] = field(default_factory=dict)  # id → languages
    interpreter_unavailable: Mapping[int, frozenset] = field(default_factory=dict)
    fixed: Sequence[Placement] = ()


@dataclass
class Schedule:
    placements: list[Placement]
    unplaced: dict[int, Reason]
    seconds: float = 0.0

    def weight(self, problem):
        priority = {request.id: request.priority for request in problem.requests}
        return sum(priority[placement.request] for placement in self.placements)


class _State:
    """Who and what is busy in which slot, kept in step with the placements."""

    def __init__(self, problem):
        self.problem = problem
        self.requests = {request.id: request for request in problem.requests}
        self.person_busy = {}  # (person, slot) → request id
        self.table_busy = {}  # (table, slot) → request id
        self.interpreter_busy = {}  # (interpreter, slot) → request id
        self.free_tables = {slot: len(problem.tables) for slot in problem.slots}
        self.placed = {}  # request id → Placement
        self.host_table = {}  # host → their table (the first they got)
        self.table_host = {}  # table → the host it belongs to
        slots = list(problem.slots)
        self.slot_order = {slot: index for index, slot in enumerate(slots)}
        self.speakers = {}  # language → interpreters, the most specialised first
        for interpreter, languages in sorted(problem.interpreters.items()):
            for language in languages:
                self.speakers.setdefault(language, []).append(interpreter)
        for names in self.speakers.values():
            names.sort(key=lambda interpreter: len(problem.interpreters[interpreter]))
        self.possible = {}  # request id → the slots both people (and an interpreter) allow
        for request in problem.requests:
            self.possible[request.id] = [slot for slot in slots if self._allowed(request, slot)]

    def _available(self, person, slot):
        return slot not in self.problem.unavailable.get(person, ())

    def _allowed(self, request, slot):
        if not (self._available(request.host, slot) and self._available(request.guest, slot)):
            return False
        if request.language:
            return any(
                slot not in self.problem.interpreter_unavailable.get(interpreter, ())
                for interpreter in self.speakers.get(request.language, ())
            )
        return True

    def free_interpreter(self, request, slot):
        for interpreter in self.speakers.get(request.language, ()):
            if (interpreter, slot) in self.interpreter_busy:
                continue
            if slot in self.problem.interpreter_unavailable.get(interpreter, ()):
                continue
            return interpreter
        return None

    def fits(self, request, slot):
        if (request.host, slot) in self.person_busy or (request.guest, slot) in self.person_busy:
            return False
        if not request.online and self.free_tables[slot] <= 0:
            return False
        return not (request.language and self.free_interpreter(request, slot) is None)

    def place(self, request, slot, table=None, interpreter=None):
        if not request.online and table is None:
            table = self._pick_table(request, slot)
        if request.language and interpreter is None:
            interpreter = self.free_interpreter(request, slot)
        self.person_busy[(request.host, slot)] = request.id
        self.person_busy[(request.guest, slot)] = request.id
        if table is not None:
            self.table_busy[(table, slot)] = request.id
            self.free_tables[slot] -= 1
            if request.host not in self.host_table and table not in self.table_host:
                self.host_table[request.host] = table  # the exhibitor's booth from now on
                self.table_host[table] = request.host
        if interpreter is not None:
            self.interpreter_busy[(interpreter, slot)] = request.id
        placement = Placement(request.id, slot, table, interpreter)
        self.placed[request.id] = placement
        return placement

    def remove(self, request_id):
        placement = self.placed.pop(request_id)
        request = self.requests[request_id]
        del self.person_busy[(request.host, placement.slot)]
        del self.person_busy[(request.guest, placement.slot)]
        if placement.table is not None:
            del self.table_busy[(placement.table, placement.slot)]
            self.free_tables[placement.slot] += 1
        if placement.interpreter is not None:
            del self.interpreter_busy[(placement.interpreter, placement.slot)]
        return placement

    def _pick_table(self, request, slot):
        preferred = self.host_table.get(request.host)
        if preferred is not None and (preferred, slot) not in self.table_busy:
            return preferred
        free = [table for table in self.problem.tables if (table, slot) not in self.table_busy]
        # Another exhibitor's booth only when no table without one is free.
        return next((table for table in free if table not in self.table_host), free[0])

    def blockers(self, request, slot):
        """The placed requests to move so that `request` fits in `slot`: the people's own
        meetings then, plus one meeting on site if no table is left and one that holds an
        interpreter of the language if none is free — or None if nothing movable would do."""
        found = []
        for person in (request.host, request.guest):
            other = self.person_busy.get((person, slot))
            if other is not None and other not in found:
                found.append(other)
        if not request.online and self.free_tables[slot] + self._tables_freed(found) <= 0:
            candidate = self._lightest(
                (other for (table, s), other in self.table_busy.items() if s == slot),
                exclude=found,
            )
            if candidate is None:
                return None
            found.append(candidate)
        if (
            request.language
            and self.free_interpreter(request, slot) is None
            and not any(self._frees_interpreter(other, request.language) for other in found)
        ):
            candidate = self._lightest(
                (
                    other
                    for (interpreter, s), other in self.interpreter_busy.items()
                    if s == slot and request.language in self.problem.interpreters[interpreter]
                ),
                exclude=found,
            )
            if candidate is None:
                return None
            found.append(candidate)
        return found

    def _tables_freed(self, request_ids):
        return sum(1 for other in request_ids if self.placed[other].table is not None)

    def _frees_interpreter(self, request_id, language):
        interpreter = self.placed[request_id].interpreter
        return interpreter is not None and language in self.problem.interpreters[interpreter]

    def _lightest(self, request_ids, *, exclude):
        candidates = [other for other in request_ids if other not in exclude]
        if not candidates:
            return None
        return min(candidates, key=lambda other: (self.requests[other].priority, other))


def schedule(problem, *, time_limit=8.0, repair_passes=4):
    """Place what can be placed; see the module's docstring for the rules and the method."""
    started = time.perf_counter()
    deadline = started + time_limit
    state = _State(problem)
    fixed_ids = set()
    for placement in problem.fixed:
        state.place(
            state.requests[placement.request],
            placement.slot,
            placement.table,
            placement.interpreter,
        )
        fixed_ids.add(placement.request)

    waiting = [request for request in problem.requests if request.id not in fixed_ids]
    waiting.sort(
        key=lambda request: (-request.priority, len(state.possible[request.id]), request.id)
    )
    wanted = {}  # (person, slot) → how many of the person's unplaced requests could use it
    for request in waiting:
        for slot in state.possible[request.id]:
            for person in (request.host, request.guest):
                wanted[(person, slot)] = wanted.get((person, slot), 0) + 1

    for request in waiting:
        free = [slot for slot in state.possible[request.id] if state.fits(request, slot)]
        for slot in state.possible[request.id]:
            for person in (request.host, request.guest):
                wanted[(person, slot)] -= 1
        if not free:
            continue
        best = min(
            free,
            key=lambda slot: (
                wanted[(request.host, slot)] + wanted[(request.guest, slot)],
                -state.free_tables[slot],
                state.slot_order[slot],
            ),
        )
        state.place(request, best)

    for _ in range(repair_passes):
        if time.perf_counter() > deadline or not _repair(state, waiting, fixed_ids, deadline):
            break
    # Moves may have freed room for requests tried before them: nothing that fits stays out.
    for request in waiting:
        if request.id not in state.placed:
            _place_anywhere(state, request)

    unplaced = {
        request.id: _reason(state, request) for request in waiting if request.id not in state.placed
    }
    return Schedule(
        placements=sorted(
            state.placed.values(), key=lambda p: (state.slot_order[p.slot], p.request)
        ),
        unplaced=unplaced,
        seconds=time.perf_counter() - started,
    )


def _repair(state, waiting, fixed_ids, deadline):
    """One pass over the requests left out; True if anything improved."""
    improved = False
    for request in waiting:
        if request.id in state.placed:
            continue
        if time.perf_counter() > deadline:
            break
        if _insert_by_moving(state, request, fixed_ids):
            improved = True
    return improved


def _insert_by_moving(state, request, fixed_ids):
    best = None  # (weight lost, slot, blockers)
    for slot in state.possible[request.id]:
        blockers = state.blockers(request, slot)
        if blockers is None or any(other in fixed_ids for other in blockers):
            continue
        moved = _try_moves(state, request, slot, blockers)
        if moved is not None:
            return True
        lost = sum(state.requests[other].priority for other in blockers)
        if lost < request.priority and (best is None or lost < best[0]):
            best = (lost, slot, blockers)
    if best is None:
        return False
    # Nothing could move out of the way: leave out lighter meetings for a heavier one.
    _, slot, blockers = best
    removed = [state.remove(other) for other in blockers]
    if not state.fits(request, slot):  # blockers() promised otherwise; keep what was there
        for placement in removed:
            _restore(state, placement)
        return False
    state.place(request, slot)
    for other in blockers:
        _place_anywhere(state, state.requests[other])
    return True


def _try_moves(state, request, slot, blockers):
    """Take the blockers out, put `request` in `slot`, and put each blocker in another free
    slot; undo everything unless all of them found one."""
    removed = [state.remove(other) for other in blockers]
    if not state.fits(request, slot):
        for placement in removed:
            _restore(state, placement)
        return None
    state.place(request, slot)
    moved = []
    for placement in removed:
        other = state.requests[placement.request]
        new = _place_anywhere(state, other, avoid=placement.slot)
        if new is None:
            for done in moved:
                state.remove(done.request)
            state.remove(request.id)
            for original in removed:
                _restore(state, original)
            return None
        moved.append(new)
    return moved


def _place_anywhere(state, request, avoid=None):
    for slot in state.possible[request.id]:
        if slot != avoid and state.fits(request, slot):
            return state.place(request, slot)
    return None


def _restore(state, placement):
    state.place(
        state.requests[placement.request], placement.slot, placement.table, placement.interpreter
    )


def _reason(state, request):
    possible = state.possible[request.id]
    if not possible:
        both = [
            slot
            for slot in state.problem.slots
            if state._available(request.host, slot) and state._available(request.guest, slot)
        ]
        return Reason.NO_INTERPRETER if both and request.language else Reason.NO_COMMON_SLOT
    people_free = [
        slot
        for slot in possible
        if (request.host, slot) not in state.person_busy
        and (request.guest, slot) not in state.person_busy
    ]
    if not people_free:
        return Reason.PEOPLE_BUSY
    if not request.online and any(state.free_tables[slot] <= 0 for slot in people_free):
        return Reason.NO_TABLE
    return Reason.INTERPRETERS_BUSY


def check(problem, placements):
    """Every rule of the module's docstring, on any list of placements: the problems found, as
    sentences (empty when there are none). The benchmark and the tests call it."""
    requests = {request.id: request for request in problem.requests}
    slots = set(problem.slots)
    tables = set(problem.tables)
    problems = []
    seen_requests = set()
    busy = {}
    for placement in placements:
        request = requests.get(placement.request)
        if request is None:
            problems.append(f"unknown request {placement.request}")
            continue
        if placement.request in seen_requests:
            problems.append(f"request {placement.request} placed twice")
        seen_requests.add(placement.request)
        if placement.slot not in slots:
            problems.append(f"request {request.id} in unknown slot {placement.slot}")
        for person in (request.host, request.guest):
            if placement.slot in problem.unavailable.get(person, ()):
                problems.append(f"person {person} unavailable in slot {placement.slot}")
        if request.online != (placement.table is None):
            problems.append(
                f"request {request.id}: table {placement.table} online={request.online}"
            )
        if placement.table is not None and placement.table not in tables:
            problems.append(f"request {request.id} at unknown table {placement.table}")
        if request.language:
            languages = problem.interpreters.get(placement.interpreter)
            if languages is None or request.language not in languages:
                problems.append(f"request {request.id} without a {request.language} interpreter")
            elif placement.slot in problem.interpreter_unavailable.get(placement.interpreter, ()):
                problems.append(f"interpreter {placement.interpreter} unavailable then")
        resources = [("person", request.host), ("person", request.guest)]
        if placement.table is not None:
            resources.append(("table", placement.table))
        if placement.interpreter is not None:
            resources.append(("interpreter", placement.interpreter))
        for resource in resources:
            key = (resource, placement.slot)
            if key in busy:
                problems.append(
                    f"{resource[0]} {resource[1]} double-booked in slot {placement.slot}: "
                    f"requests {busy[key]} and {request.id}"
                )
            busy[key] = request.id
    placed = {placement.request: placement for placement in placements}
    for fixed in problem.fixed:
        if placed.get(fixed.request) != fixed:
            problems.append(f"fixed meeting of request {fixed.request} moved")
    return problems
