"""A plain SimPy discrete-event model of Placewise's dynamics: the baseline of issue 12.

Written as a modeller would write one, for SimPy 2 (Debian's python3-simpy 2.3.1: Process,
activate, hold): a process per person (arrival, sentencing, reassessment as time left crosses a
rule's threshold, release or transfer out), a process per delivery (groups starting on the
schedule, or beds refilled each week), a process per course (completion or drop-out) and per
assessment due later, and a reception process per establishment keeping the population at its
size. Waiting lists are heaps ordered by the programme's priority (OGRS band, release date,
criteria, waiting time), then the week joined, then a random tie-break; a place whose window has
closed is settled as unmet need when the list is next looked at, as in the engine.

Input: the JSON written by exportScenario.ts from a compiled Placewise scenario (the same fits,
rules, stays and schedules the engine uses). Within a week events run in the engine's order
(departures, sentencing, course ends, reassessment, assessments due, receptions, group starts),
by fractional offsets. A running start is a warm-up of the same length whose counts are dropped.

Where it differs from the engine (measured on Stafford, bench/simpyCompare.ts prints the counts):
- a running start is a plain warm-up of the same length, its counts dropped; the engine hands the
  warm-up's records over to an opening population drawn afresh from the tables, and assesses
  those it cannot match as newcomers, so it has more people waiting at the start;
- the opening population is drawn profile by profile (the engine integerises the table), and
  stays from the exported draws of the release model rather than the model itself;
- not modelled: offender management (tiers, contact, OMiC caseload), referrals to other sites,
  scheduled changes, the later stages of a pathway lengthening the first stage's window, unmet
  reasons, breakdowns by OGRS band and offence, weekly series;
- random numbers: Python's Mersenne Twister, one seed a replication.

Usage: /usr/bin/python3 model.py <scenario.json> <replications> [seed]; prints one JSON line.
"""

import bisect
import heapq
import json
import math
import random
import sys
import time

from SimPy.Simulation import Process, Simulation, hold

# Order of events within a week (the engine's order).
DEPART, SENTENCE, COURSE_END, REASSESS, ASSESS_DUE, RECEPTION, GROUP = 0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6
OUTCOMES = ("joined", "starts", "completions", "nonCompletions", "unmetNeed", "withdrawn",
            "waitingAtStart", "waitingAtEnd", "inProgressAtStart", "inProgressAtEnd")


class Person(Process):
    """A man in custody: arrives, may be sentenced, is reassessed as time passes, leaves."""

    def __init__(self, model, e, profile, week, opening):
        Process.__init__(self, sim=model)
        self.m = model
        self.e = e
        (self.ogrs, band, self.kind, exit_left, self.eligible, self.eligible_sentenced,
         self.criteria, self.segments) = profile
        stays = model.stays_opening if opening else model.stays_receptions
        to_release, to_earliest, to_sentence = random.choice(stays[band][self.kind])
        self.release = week + to_release
        self.earliest = week + to_earliest
        depart = self.release
        if e.stay_to_band_top:
            if exit_left > 0:
                depart = max(week + 1, min(depart, self.release - exit_left))
        elif opening and exit_left > 0 and self.release - exit_left > week:
            depart = min(depart, self.release - exit_left)
        self.sentence_week = week + to_sentence if to_sentence > 0 else None
        if e.transfers_per_week > 0:
            transfer = week + 1 + int(random.expovariate(e.transfers_per_week))
            depart = min(depart, transfer)
        self.depart = depart
        self.arrived = week
        self.remand = self.kind == model.remand_kind
        self.tie = random.random()
        self.referred = set()
        self.completed = set()
        self.need_started = {}
        self.active = 0
        self.exclusive = 0

    def inside(self, week):
        return self.depart > week

    def life(self):
        m = self.m
        events = []
        if self.sentence_week is not None and self.sentence_week < min(self.depart, m.end):
            events.append((self.sentence_week + SENTENCE, "sentence"))
        if m.time_dependent and self.time_matters():
            for before in m.thresholds:
                at = self.release - before
                if self.arrived < at < m.end:
                    events.append((at + REASSESS, "reassess"))
        events.sort()
        for t, what in events:
            if t >= self.depart:
                break
            yield hold, self, t - m.now()
            week = int(t)
            if what == "sentence":
                self.remand = False
                self.eligible = self.eligible_sentenced
                m.assess(self, week)
            else:
                for p in m.time_dependent:
                    m.assess(self, week, only=p)
        # Held on a course, the departure can move later while he waits for it.
        while m.now() < self.depart + DEPART:
            if self.depart >= m.end:
                return
            yield hold, self, self.depart + DEPART - m.now()
        m.population[self.e.index] -= 1
        m.count_establishment(self.e, "departures")

    def time_matters(self):
        first = self.eligible[0]
        return any((mask ^ first) & self.m.time_dependent_mask for mask in self.eligible[1:])


class Course(Process):
    """One man on one course: ends in completion or not at its end week."""

    def __init__(self, model, person, programme, e, end, completes):
        Process.__init__(self, sim=model)
        self.m, self.person, self.p, self.e, self.end, self.completes = model, person, programme, e, end, completes

    def run(self):
        m = self.m
        yield hold, self, self.end + COURSE_END - m.now()
        m.courses.discard(self)
        person, p = self.person, self.p
        person.active -= 1
        if not m.programmes[p]["allowConcurrent"]:
            person.exclusive -= 1
        d = self.e.deliveries.get(p)
        if d is not None and d.beds is not None:
            d.occupied -= 1
        w = self.end
        if person.depart < self.end or not self.completes:
            m.count(self.e, p, "nonCompletions")
            if person.depart > w:
                m.deselected(person, p, w)
            return
        m.count(self.e, p, "completions")
        person.completed.add(p)
        for q in m.reassess_on_completion:
            m.assess(person, w, only=q)


class AssessmentDue(Process):
    """A 'not ready' man assessed again, or a drop-out re-referred, some weeks later."""

    def run(self, model, person, p, week):
        yield hold, self, week + ASSESS_DUE - model.now()
        if person.depart <= week or p in person.completed:
            return
        person.referred.discard(p)
        model.assess(person, week, only=p)


class Receptions(Process):
    """Each week, receptions: enough to keep the population at its size, or Poisson at a rate."""

    def run(self, model, e):
        week = 0
        while week < model.end:
            yield hold, self, week + RECEPTION - model.now()
            if e.receptions_per_week is None:
                n = max(0, e.population_total - model.population[e.index])
            else:
                n = poisson(e.receptions_per_week)
            for _ in range(n):
                model.arrive(e, e.receptions, week, opening=False)
            week += 1


class Delivery(Process):
    """A programme at an establishment: groups start on the schedule, or beds refill weekly."""

    def run(self, model, e, d):
        if d.beds is not None:
            for week in range(model.end):
                yield hold, self, week + GROUP - model.now()
                free = d.beds - d.occupied
                if free > 0:
                    model.start_group(e, d, free, week)
            return
        if d.groups_per_year <= 0:
            return
        next_start = d.first_start
        while True:
            week = max(0, math.ceil(next_start))
            if week >= model.end:
                return
            yield hold, self, week + GROUP - model.now()
            model.start_group(e, d, d.group_size, week)
            next_start += 52 / d.groups_per_year


class WindowOpens(Process):
    """End of a running start's warm-up: settle closed places, count those open, start counting."""

    def run(self, model):
        yield hold, self, model.warmup - 0.01 - model.now()
        model.open_window()


class Establishment:
    def __init__(self, index, data, profiles):
        self.index = index
        self.id = data["id"]
        self.population_total = data["populationTotal"]
        self.receptions_per_week = data["receptionsPerWeek"]
        self.transfers_per_week = data["transfersOutPerWeek"]
        self.stay_to_band_top = data["receptionsStayToBandTop"]
        self.stock = Table(data["stock"], profiles)
        self.receptions = Table(data["receptions"], profiles)
        self.deliveries = {}
        for d in data["deliveries"]:
            self.deliveries[d["programme"]] = DeliveryState(d)


class Table:
    """Weighted person profiles, drawn one at a time."""

    def __init__(self, rows, profiles):
        self.profiles = [profiles[k] for k, _ in rows]
        self.cumulative = []
        total = 0
        for _, w in rows:
            total += w
            self.cumulative.append(total)
        self.total = total

    def draw(self):
        return self.profiles[bisect.bisect_right(self.cumulative, random.random() * self.total)]


class DeliveryState:
    def __init__(self, d):
        self.programme = d["programme"]
        self.groups_per_year = d["groupsPerYear"]
        self.group_size = d["groupSize"]
        self.first_start = d["firstStartWeek"]
        self.beds = d["beds"]
        self.priority = d["priority"]
        # Places kept for segments (share or number per group), or None.
        self.reserved = d["reserved"]
        self.groups = 0
        self.occupied = 0


def poisson(rate):
    # Knuth's method: receptions a week are small numbers.
    limit, k, p = math.exp(-rate), 0, 1.0
    while True:
        p *= random.random()
        if p <= limit:
            return k
        k += 1


class Model(Simulation):
    def __init__(self, data):
        Simulation.__init__(self)
        self.data = data
        self.programmes = data["programmes"]
        self.thresholds = data["thresholds"]
        self.stays_opening = data["stays"]["opening"]
        self.stays_receptions = data["stays"]["receptions"]
        self.remand_kind = data["remandKind"]
        self.remand_eligible = data["remandEligible"]
        self.reassess_on_completion = data["reassessOnCompletion"]
        self.warmup = data["warmupWeeks"]
        self.weeks = data["weeks"]
        self.end = self.warmup + self.weeks
        profiles = [tuple(row[:4]) + (tuple(row[4]), tuple(row[5]), row[6], frozenset(row[7]))
                    for row in data["profiles"]]
        # Programmes whose eligibility reads time left: some profile's masks differ by interval.
        mask = 0
        for row in profiles:
            for masks in (row[4], row[5]):
                for m in masks[1:]:
                    mask |= m ^ masks[0]
        self.time_dependent_mask = mask
        self.time_dependent = [p for p in range(len(self.programmes)) if mask >> p & 1]
        self.establishments = [Establishment(k, e, profiles) for k, e in enumerate(data["establishments"])]
        self.mask_programmes = {}
        self.need_alternatives = {}
        for p, prog in enumerate(self.programmes):
            n = prog["firstStageNeed"]
            if n >= 0:
                self.need_alternatives.setdefault(n, []).append(p)

    # ---------------------------------------------------------------- a replication

    def replicate(self):
        self.initialize()
        E, P = len(self.establishments), len(self.programmes)
        self.counts = [[dict.fromkeys(OUTCOMES, 0) for _ in range(P)] for _ in range(E)]
        self.est_counts = [{"receptions": 0, "departures": 0} for _ in range(E)]
        self.population = [0] * E
        self.lists = [[[] for _ in range(P)] for _ in range(E)]
        self.courses = set()
        self.sequence = 0
        self.counting = self.warmup == 0
        self.opening = True
        for e in self.establishments:
            for d in e.deliveries.values():
                d.occupied = 0
                d.groups = 0
            for _ in range(e.population_total):
                self.arrive(e, e.stock, 0, opening=True)
        self.opening = False
        for e in self.establishments:
            r = Receptions(sim=self)
            self.activate(r, r.run(self, e))
            for d in e.deliveries.values():
                g = Delivery(sim=self)
                self.activate(g, g.run(self, e, d))
        if self.warmup > 0:
            w = WindowOpens(sim=self)
            self.activate(w, w.run(self))
        self.simulate(until=self.end)
        self.finish()
        return self.counts, self.est_counts

    def arrive(self, e, table, week, opening):
        person = Person(self, e, table.draw(), week, opening)
        self.population[e.index] += 1
        if not opening:
            self.count_establishment(e, "receptions")
        self.assess(person, week)
        self.activate(person, person.life())

    def count(self, e, p, outcome):
        if self.counting:
            self.counts[e.index][p][outcome] += 1

    def count_establishment(self, e, what):
        if self.counting:
            self.est_counts[e.index][what] += 1

    # ---------------------------------------------------------------- eligibility and lists

    def assess(self, person, week, only=None):
        if person.remand and not self.remand_eligible:
            return
        left = person.release - week
        interval = 0
        for t in self.thresholds:
            if left <= t:
                interval += 1
        mask = person.eligible[interval]
        if only is not None:
            mask &= 1 << only
        if not mask:
            return
        e = person.e
        late, unsuitable = [], []
        for p in self.programmes_in(mask):
            if p in person.referred or p in person.completed or self.need_closed(person, p):
                continue
            prog = self.programmes[p]
            if prog["prerequisites"] and any(q not in person.completed for q in prog["prerequisites"]):
                continue
            funnel = prog["funnel"]
            u = random.random()
            person.referred.add(p)
            if u >= funnel["suitableBelow"]:
                if u < funnel["notReadyBelow"]:
                    due = AssessmentDue(sim=self)
                    self.activate(due, due.run(self, person, p, week + funnel["reassessAfterWeeks"]))
                else:
                    unsuitable.append(p)
                continue
            if left < prog["minWeeksLeftToStart"]:
                if not self.opening:
                    late.append(p)
                continue
            self.join(person, e, p, week)
        if late or (unsuitable and not self.opening):
            for p in late + ([] if self.opening else unsuitable):
                self.join_unmet(e, p)

    def programmes_in(self, mask):
        """The programmes of an eligibility mask, in catalogue order (cached by mask)."""
        found = self.mask_programmes.get(mask)
        if found is None:
            found = tuple(p for p in range(len(self.programmes)) if mask >> p & 1)
            self.mask_programmes[mask] = found
        return found

    def need_closed(self, person, p):
        n = self.programmes[p]["firstStageNeed"]
        if n < 0:
            return False
        if n in person.need_started:
            return True
        return bool(person.completed) and any(q != p and q in person.completed for q in self.need_alternatives[n])

    def join_unmet(self, e, p):
        self.count(e, p, "joined")
        self.count(e, p, "unmetNeed")

    def join(self, person, e, p, week):
        d = e.deliveries.get(p)
        keys = d.priority if d is not None else self.programmes[p]["priority"]
        key = []
        for k in keys:
            if k == "ogrsDescending":
                key.append(-person.ogrs)
            elif k == "ogrs":
                key.append(person.ogrs)
            elif k == "releaseDate":
                key.append(person.earliest)
            elif k == "waitingTime":
                key.append(week)
            else:
                key.append(0 if person.criteria >> p & 1 else 1)
        self.sequence += 1
        heapq.heappush(self.lists[e.index][p], (tuple(key), week, person.tie, self.sequence, person))
        if self.opening and self.counting:
            self.count(e, p, "joined")
            self.count(e, p, "waitingAtStart")
        else:
            self.count(e, p, "joined")

    def entry_end(self, person, p, joined):
        """The week a place stops being able to start, and why (unmet or withdrawn)."""
        end = person.release - self.programmes[p]["minWeeksLeftToStart"] + 1
        if person.depart < end:
            end = person.depart
        n = self.programmes[p]["firstStageNeed"]
        started = person.need_started.get(n) if n >= 0 else None
        if started is not None and started <= end:
            return started, "withdrawn"
        return end, "unmetNeed"

    def deselected(self, person, p, week):
        funnel = self.programmes[p]["funnel"]
        if funnel["reReferralShare"] > 0 and random.random() < funnel["reReferralShare"]:
            due = AssessmentDue(sim=self)
            self.activate(due, due.run(self, person, p, week + funnel["reReferralAfterWeeks"]))
        else:
            self.join_unmet(person.e, p)

    # ---------------------------------------------------------------- groups and courses

    def start_group(self, e, d, size, week):
        group = d.groups
        d.groups += 1
        if d.reserved is not None:
            self.start_group_reserving(e, d, size, week, group)
            return
        p = d.programme
        heap = self.lists[e.index][p]
        concurrent = self.programmes[p]["allowConcurrent"]
        held, started = [], 0
        while started < size and heap:
            entry = heapq.heappop(heap)
            person = entry[4]
            end, why = self.entry_end(person, p, entry[1])
            if end <= week:
                self.count(e, p, why)
            elif person.active == 0 or (concurrent and person.exclusive == 0):
                self.start(person, e, d, week)
                started += 1
            else:
                held.append(entry)
        for entry in held:
            heapq.heappush(heap, entry)

    def start_group_reserving(self, e, d, size, week, group):
        """Places kept for segments: the whole list ranked, each segment's places to its best."""
        p = d.programme
        concurrent = self.programmes[p]["allowConcurrent"]
        ranked = sorted(self.lists[e.index][p])
        waiting, free = [], []
        for entry in ranked:
            end, why = self.entry_end(entry[4], p, entry[1])
            if end <= week:
                self.count(e, p, why)
                continue
            waiting.append(entry)
            person = entry[4]
            if person.active == 0 or (concurrent and person.exclusive == 0):
                free.append(entry)
        reserved = []
        for g in d.reserved:
            if g["places"] is not None:
                reserved.append(min(g["places"], size))
            elif g["share"] is None:
                reserved.append(0)
            else:
                per = g["share"] * size
                reserved.append(math.floor(per * (group + 1) + 0.5) - math.floor(per * group + 0.5))
        picks = []
        for g, places in enumerate(reserved):
            code = p * 8 + g
            filled = 0
            for entry in free:
                if filled >= places or len(picks) >= size:
                    break
                if code in entry[4].segments and entry not in picks:
                    picks.append(entry)
                    filled += 1
        for entry in free:
            if len(picks) >= size:
                break
            if entry not in picks:
                picks.append(entry)
        for entry in picks:
            self.start(entry[4], e, d, week)
        taken = set(id(x) for x in picks)
        rest = [x for x in waiting if id(x) not in taken]
        heapq.heapify(rest)
        self.lists[e.index][p] = rest

    def start(self, person, e, d, week):
        p = d.programme
        prog = self.programmes[p]
        self.count(e, p, "starts")
        n = prog["firstStageNeed"]
        if n >= 0:
            person.need_started[n] = week
        person.active += 1
        if not prog["allowConcurrent"]:
            person.exclusive += 1
        duration = prog["durationWeeks"]
        completes = random.random() < prog["completionRate"]
        end = week + (duration if completes else 1 + int(random.random() * duration))
        if person.depart < end:
            if prog["heldOnCourse"] and person.depart < person.release:
                person.depart = min(end, person.release)
            if person.depart < end:
                end = person.depart
                completes = False
        if d.beds is not None:
            d.occupied += 1
        course = Course(self, person, p, e, end, completes)
        self.courses.add(course)
        self.activate(course, course.run())

    # ---------------------------------------------------------------- the window

    def open_window(self):
        """A running start: what the warm-up leaves open is waiting and under way at the start."""
        w = self.warmup
        self.counting = True
        for e in self.establishments:
            for p, heap in enumerate(self.lists[e.index]):
                kept = [x for x in heap if self.entry_end(x[4], p, x[1])[0] > w]
                heapq.heapify(kept)
                self.lists[e.index][p] = kept
                self.counts[e.index][p]["joined"] += len(kept)
                self.counts[e.index][p]["waitingAtStart"] += len(kept)
        for course in self.courses:
            if course.end >= w and course.person.depart > w - 1:
                self.counts[course.e.index][course.p]["inProgressAtStart"] += 1

    def finish(self):
        W = self.end
        for e in self.establishments:
            for p, heap in enumerate(self.lists[e.index]):
                for entry in heap:
                    end, why = self.entry_end(entry[4], p, entry[1])
                    self.count(e, p, why if end < W else "waitingAtEnd")
        for course in self.courses:
            if course.end >= W:
                self.count(course.e, course.p, "nonCompletions" if course.person.depart < W else "inProgressAtEnd")


def summarize(runs, programmes, establishments):
    """Means and 5th-95th percentiles of each count over the replications."""

    def stats(values):
        values = sorted(values)
        n = len(values)
        return {"mean": sum(values) / n, "p5": values[int(0.05 * (n - 1))], "p95": values[int(0.95 * (n - 1))]}

    out = {"programmes": {}, "establishments": {}}
    for p, prog in enumerate(programmes):
        out["programmes"][prog["id"]] = {
            k: stats([sum(c[e][p][k] for e in range(len(c))) for c, _ in runs]) for k in OUTCOMES
        }
    for k in ("receptions", "departures"):
        out["establishments"][k] = stats([sum(x[k] for x in est) for _, est in runs])
    return out


def main():
    path, replications = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    t0 = time.perf_counter()
    with open(path) as f:
        data = json.load(f)
    model = Model(data)
    t1 = time.perf_counter()
    runs = []
    for r in range(replications):
        random.seed(seed * 1000003 + r)
        counts, est = model.replicate()
        runs.append((counts, est))
    t2 = time.perf_counter()
    summary = summarize(runs, model.programmes, model.establishments)
    t3 = time.perf_counter()
    print(json.dumps({
        "replications": replications,
        "seconds": {"load": t1 - t0, "simulate": t2 - t1, "summarize": t3 - t2, "total": t3 - t0},
        "summary": summary,
        "notes": data.get("notes", []),
    }))


if __name__ == "__main__":
    main()
