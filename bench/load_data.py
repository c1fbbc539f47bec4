"""`make bench-data`: load a statewide volume of data into its own database (default `dcf_bench`).

    .venv/bin/python bench/load_data.py                  # dcf_bench, full size (about 3 minutes)
    .venv/bin/python bench/load_data.py --db dcf_bench_small --scale 0.01

The database is dropped, created and migrated (`manage.py migrate`), then every table is filled
with `COPY ... FROM STDIN (FREEZE)` from rows generated here and streamed as they are made, with
triggers off (`session_replication_role = replica`, as the superuser). So nothing here goes
through the ORM or the services, and the loader has to produce what they would have produced:

* the plan: units, staff (supervisors, duty groups, Legal Affairs), clients, cases, memberships,
  assignments (caseloads of about 15 to 25 cases), relations, releases; then disclosure requests
  over five years, Zipf-distributed over clients, each by a worker assigned to the case that day;
* every request's decision comes from the real engine (`adapters.evaluate_facts`) on the facts
  the adapter would have built, so outcome, rule, citation and reasons are the engine's own;
* what follows a decision: the request's timeline, Legal Affairs reviews (open ones in the last
  two weeks, decided ones before), redaction notes, accounting entries (Disclosure), the
  notifications escalations and decisions send, and django-guardian's view permissions exactly
  as `access_sync` computes them for today;
* the audit trail: every event the services and views would have recorded (create and view of
  each request, claims and decisions of reviews, disclosures), in time order, numbered and
  hash-chained here with the same formula as the trigger of migration 0005, so that
  `manage.py verify_audit` passes. The insert trigger is bypassed, not changed;
* the seals of every decision (migration 0016), made by the seal chain's own trigger at the end.

Model history (django-pghistory) tables stay empty: history starts with the first change made
through the portal. Secondary indexes are dropped before a table is loaded and rebuilt after it
(in a second connection, while the next tables load); the statistics are gathered at the end.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import io
import json
import os
import random
import subprocess
import sys
import threading
import time
import uuid
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common

FULL = {
    "clients": 100_000,
    "cases": 60_000,
    "staff": 4_000,
    "requests": 1_000_000,
    "releases": 20_000,
}
YEARS = 5
SEED = 31_8_5
#: The password of every generated user (sessions are made directly, so it is rarely needed).
BENCH_PASSWORD = "dcf-bench-2026!"  # noqa: S105 (a benchmark database, never production)
TZ = zoneinfo.ZoneInfo("America/New_York")
GENESIS_HASH = "0" * 64
NULL = "\\N"  # COPY text format

AREA_OFFICES = [
    "Bridgeport", "Danbury", "Hartford", "Manchester", "Meriden", "Middletown", "New Britain",
    "New Haven", "Norwalk", "Norwich", "Stamford", "Torrington", "Waterbury", "Willimantic",
]  # fmt: skip
FIRST = [
    "Liam", "Olivia", "Noah", "Emma", "Mateo", "Ava", "Elijah", "Sofia", "James", "Isabella",
    "Lucas", "Mia", "Ethan", "Amelia", "Aiden", "Harper", "Jayden", "Evelyn", "Daniel", "Abigail",
    "Gabriel", "Emily", "Samuel", "Ella", "Carter", "Chloe", "Julian", "Layla", "Isaiah", "Nora",
    "Luis", "Aaliyah", "Kevin", "Maya", "Andre", "Grace", "Omar", "Zoe", "Marcus", "Leah",
    "Tyler", "Nadia", "Brandon", "Jasmine", "Victor", "Hannah", "Derek", "Alicia", "Jamal", "Rosa",
]  # fmt: skip
LAST = [
    "Rivera", "Johnson", "Nguyen", "Williams", "Brown", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
    "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
    "Scott", "Torres", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Campbell",
    "Mitchell", "Carter", "Roberts", "Okafor", "Kowalski", "Santos", "Chen", "Patel", "Murphy",
]  # fmt: skip
PURPOSES = [
    "Coordinate the child's school placement and services.",
    "Prepare for the upcoming permanency hearing.",
    "Continuity of medical care after placement.",
    "Parent asked for the case plan and visitation schedule.",
    "Attorney preparing for the review hearing.",
    "Transition planning with the receiving unit.",
    "Provider intake needs the treatment history.",
    "Guardian needs the records to enrol the child.",
]
DESCRIPTIONS = [
    "Case plan and visitation schedule",
    "Most recent treatment plan review",
    "School records and IEP summary",
    "Investigation protocol summary",
    "Medical summary from the last six months",
    "Court summary and service agreement",
]
MEDIA = [["email"], ["hard_copy"], ["electronic", "email"], ["hard_copy", "electronic"]]
STAFF_REASONS = [
    "Takes over the case next month; needs the history to plan services.",
    "Reviews the placement for the regional office.",
    "Investigates a new report on the same family.",
]
THIRD_PARTIES = [
    ("Dana Whitfield", "Hartford Public Schools", "960 Main Street, Hartford, CT 06103"),
    ("Dr. Ellen Marsh", "Yale New Haven Health", "20 York Street, New Haven, CT 06510"),
    ("Ray Donnelly", "Wheeler Clinic", "91 Northwest Drive, Plainville, CT 06062"),
    ("Intake Office", "Connecticut Children's", "282 Washington Street, Hartford, CT 06106"),
]
DENIAL_BASES = [
    "Conn. Gen. Stat. §17a-28(b): no consent and no statutory exception.",
    "42 CFR Part 2: substance-use treatment records need specific consent.",
    "Conn. Gen. Stat. §19a-583: HIV-related information needs its own release.",
]

#: The court of the orders approvals cite.
COURT = "Superior Court for Juvenile Matters at Hartford"


# --------------------------------------------------------------------------- small helpers


def esc(text: str) -> str:
    """COPY text format: escape what the format gives meaning to."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def pg_array(values: Iterable[str]) -> str:
    return "{" + ",".join(values) + "}"


def day_text(ordinal: int) -> str:
    return datetime.date.fromordinal(ordinal).isoformat()


def ts_text(us: int) -> str:
    """A UTC timestamp (epoch microseconds) as COPY text."""
    seconds, micro = divmod(us, 1_000_000)
    t = time.gmtime(seconds)
    return (
        f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d} "
        f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}.{micro:06d}+00"
    )


_OFFSETS: dict[int, int] = {}


def local_us(ordinal: int, second_of_day: int) -> int:
    """Epoch microseconds of a wall-clock time in Connecticut on day `ordinal`."""
    offset = _OFFSETS.get(ordinal)
    if offset is None:
        noon = datetime.datetime.combine(
            datetime.date.fromordinal(ordinal), datetime.time(12), tzinfo=TZ
        )
        offset = int(noon.utcoffset().total_seconds())
        _OFFSETS[ordinal] = offset
    epoch_days = ordinal - 719_163  # date(1970, 1, 1).toordinal()
    return (epoch_days * 86_400 + second_of_day - offset) * 1_000_000


def local_ordinal(us: int) -> int:
    """The Connecticut calendar day of an instant (epoch microseconds)."""
    approx = 719_163 + (us // 1_000_000 - 5 * 3600) // 86_400
    return approx if local_us(approx + 1, 0) > us >= local_us(approx, 0) else approx + 1


def token(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


class LineStream(io.RawIOBase):
    """A file object over generated COPY lines, so rows stream to the server as they are made."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self._buffer = b""
        self.rows = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        want = size if size and size > 0 else 1 << 20
        parts = [self._buffer]
        have = len(self._buffer)
        while have < want:
            chunk = []
            for line in self._lines:
                chunk.append(line)
                if len(chunk) >= 2000:
                    break
            if not chunk:
                break
            self.rows += len(chunk)
            data = ("\n".join(chunk) + "\n").encode()
            parts.append(data)
            have += len(data)
        data = b"".join(parts)
        self._buffer = data[want:]
        return data[:want]


# --------------------------------------------------------------------------- the plan


@dataclass
class Staff:
    id: int
    username: str
    first: str
    last: str
    role: str
    unit: int
    duties: tuple[str, ...] = ()
    supervisor: int | None = None
    title: str = ""


@dataclass
class Plan:
    today: int
    scale: float
    rng: random.Random
    units: list[tuple[int, str, str, str]] = field(default_factory=list)
    staff: list[Staff] = field(default_factory=list)
    workers: list[int] = field(default_factory=list)
    facility: list[int] = field(default_factory=list)
    central_assignable: list[int] = field(default_factory=list)
    legal: list[int] = field(default_factory=list)  # legal_affairs group (notified)
    reviewers: list[int] = field(default_factory=list)  # legal_affairs and AAGs
    role_of: dict[int, str] = field(default_factory=dict)
    name_of: dict[int, str] = field(default_factory=dict)
    # clients: (first, last, dob ordinal)
    clients: list[tuple[str, str, int]] = field(default_factory=list)
    # cases: (number, opened ordinal, closed ordinal or None)
    cases: list[tuple[str, int, int | None]] = field(default_factory=list)
    memberships: list[tuple[int, int, str]] = field(default_factory=list)  # case, client, role
    client_cases: list[list[int]] = field(default_factory=list)
    # assignments: (case, staff, starts, ends or None)
    assignments: list[tuple[int, int, int, int | None]] = field(default_factory=list)
    case_assignments: list[list[int]] = field(default_factory=list)  # indexes into assignments
    # relations: (id, client, kind, name, state, verified_by, verified_on, ended_on, org)
    relations: list[tuple] = field(default_factory=list)
    client_relations: dict[int, list[tuple[int, str, str]]] = field(default_factory=dict)
    releases: list[tuple] = field(default_factory=list)


def plan_people(plan: Plan) -> None:
    rng, scale = plan.rng, plan.scale
    units = [
        (i + 1, slug.lower().replace(" ", "-"), f"{slug} Area Office", "area_office")
        for i, slug in enumerate(AREA_OFFICES)
    ]
    base = len(units)
    units += [
        (base + 1, "solnit-north", "Solnit Children's Center North", "solnit_north"),
        (base + 2, "solnit-south", "Solnit Children's Center South", "solnit_south"),
        (base + 3, "cjts", "Connecticut Juvenile Training School", "cjts"),
        (base + 4, "central", "Central Office", "central_office"),
        (base + 5, "legal", "Office of Legal Affairs", "legal_affairs"),
    ]
    plan.units = units
    area_ids = [u[0] for u in units if u[3] == "area_office"]
    unit_id = {u[1]: u[0] for u in units}

    total = max(60, round(FULL["staff"] * scale))

    def n(full: int, minimum: int) -> int:
        return max(minimum, round(full * scale))

    counts = {
        "legal": n(36, 3),
        "legal_sup": n(4, 1),
        "aag": n(8, 1),
        "solnit_north": n(120, 2),
        "solnit_south": n(120, 2),
        "cjts": n(150, 2),
        "central": n(557, 5),
    }
    area_total = max(30, total - sum(counts.values()) - 4)
    staff: list[Staff] = []

    def add(role: str, unit: int, duties: tuple[str, ...] = (), prefix: str = "u", **kw) -> Staff:
        sid = len(staff) + 1
        person = Staff(
            id=sid,
            username=f"{prefix}{sid:05d}",
            first=rng.choice(FIRST),
            last=rng.choice(LAST),
            role=role,
            unit=unit,
            duties=duties,
            **kw,
        )
        staff.append(person)
        return person

    director = add(
        "other_dcf_staff",
        unit_id["legal"],
        ("agency_legal_director", "legal_affairs"),
        prefix="director",
        title="Agency Legal Director",
    )
    legal_sups = [
        add("other_dcf_staff", unit_id["legal"], ("legal_affairs", "supervisor"), prefix="lasup")
        for _ in range(counts["legal_sup"])
    ]
    legal = [
        add(
            "other_dcf_staff",
            unit_id["legal"],
            ("legal_affairs",),
            prefix="legal",
            supervisor=rng.choice(legal_sups).id,
            title="Staff Attorney",
        )
        for _ in range(counts["legal"])
    ]
    aags = [
        add("other_dcf_staff", unit_id["legal"], ("assistant_attorney_general",), prefix="aag")
        for _ in range(counts["aag"])
    ]
    add("other_dcf_staff", unit_id["central"], ("commissioner",), prefix="commissioner")
    add("other_dcf_staff", unit_id["central"], ("hr_director",), prefix="hr")
    add("other_dcf_staff", unit_id["central"], ("system_admin",), prefix="sysadmin")
    central = [
        add("other_dcf_staff", unit_id["central"], prefix="central")
        for _ in range(counts["central"])
    ]
    facility = []
    for role, unit, key in (
        ("solnit_north_staff", "solnit-north", "solnit_north"),
        ("solnit_south_staff", "solnit-south", "solnit_south"),
        ("cjts_staff", "cjts", "cjts"),
    ):
        sup = add(role, unit_id[unit], ("supervisor",), prefix="fsup")
        facility += [
            add(role, unit_id[unit], prefix="f", supervisor=sup.id) for _ in range(counts[key] - 1)
        ]
    # Area offices: one supervisor (a social worker with the supervisor duty) per seven workers.
    n_sup = max(len(area_ids), area_total // 8)
    supervisors = [
        add(
            "social_worker",
            area_ids[i % len(area_ids)],
            ("supervisor",),
            prefix="sup",
            title="Social Work Supervisor",
        )
        for i in range(n_sup)
    ]
    workers = []
    for i in range(area_total - n_sup):
        sup = supervisors[i % n_sup]
        workers.append(
            add("social_worker", sup.unit, prefix="sw", supervisor=sup.id, title="Social Worker")
        )
    plan.staff = staff
    plan.workers = [w.id for w in workers]
    plan.facility = [f.id for f in facility]
    plan.central_assignable = [c.id for c in central[: max(2, len(central) // 5)]]
    plan.legal = [director.id, *(s.id for s in legal_sups), *(s.id for s in legal)]
    plan.reviewers = [*plan.legal, *(a.id for a in aags)]
    plan.role_of = {s.id: s.role for s in staff}
    plan.name_of = {s.id: f"{s.first} {s.last}" for s in staff}


def plan_casework(plan: Plan) -> None:
    rng, scale, today = plan.rng, plan.scale, plan.today
    n_clients = max(200, round(FULL["clients"] * scale))
    n_cases = max(120, round(FULL["cases"] * scale))
    for _ in range(n_clients):
        if rng.random() < 0.8:
            age_days = rng.randint(0, 19 * 365)
        else:
            age_days = rng.randint(20 * 365, 50 * 365)
        plan.clients.append((rng.choice(FIRST), rng.choice(LAST), today - age_days))
    n_open = round(n_cases * 0.75)
    for c in range(n_cases):
        if c < n_open:
            opened = today - rng.randint(30, 8 * 365)
            closed = None
        else:
            opened = today - rng.randint(200, 8 * 365)
            closed = min(today - 1, opened + rng.randint(60, 3 * 365))
        year = datetime.date.fromordinal(opened).year
        plan.cases.append((f"CT-{year}-{c + 1:06d}", opened, closed))
    order = list(range(n_cases))
    rng.shuffle(order)
    plan.cases = [plan.cases[i] for i in order]  # open and closed mixed in id order
    plan.client_cases = [[] for _ in range(n_clients)]
    seen = set()

    def member(case: int, client: int, role: str) -> None:
        if (case, client) in seen:
            return
        seen.add((case, client))
        plan.memberships.append((case, client, role))
        plan.client_cases[client].append(case)

    for client in range(n_clients):
        case = client if client < n_cases else rng.randrange(n_cases)
        member(case, client, "child" if plan.clients[client][2] > today - 18 * 365 else "parent")
    for client in range(n_clients):
        if rng.random() < 0.15:
            member(rng.randrange(n_cases), client, "sibling")

    # Caseloads: every open case has a current social worker, 15 to 25 cases each.
    workers = plan.workers
    slots = [w for w in workers for _ in range(rng.randint(15, 25))]
    rng.shuffle(slots)
    open_cases = [i for i, c in enumerate(plan.cases) if c[2] is None]
    while len(slots) < len(open_cases):
        slots.append(rng.choice(workers))
    plan.case_assignments = [[] for _ in range(n_cases)]

    def assign(case: int, staff: int, starts: int, ends: int | None) -> None:
        plan.case_assignments[case].append(len(plan.assignments))
        plan.assignments.append((case, staff, starts, ends))

    for k, case in enumerate(open_cases):
        _, opened, _ = plan.cases[case]
        current = slots[k]
        if today - opened > 2 * 365 and rng.random() < 0.35:
            split = rng.randint(opened + 180, today - 30)
            previous = rng.choice(workers)
            if previous == current:
                previous = workers[(workers.index(current) + 1) % len(workers)]
            assign(case, previous, opened, split - 1)
            assign(case, current, split, None)
        else:
            assign(case, current, opened, None)
        if plan.facility and rng.random() < 0.10:
            assign(case, rng.choice(plan.facility), rng.randint(opened, today - 1), None)
        if plan.central_assignable and rng.random() < 0.01:
            assign(case, rng.choice(plan.central_assignable), rng.randint(opened, today - 1), None)
    for case, (_, opened, closed) in enumerate(plan.cases):
        if closed is not None:
            assign(case, rng.choice(workers), opened, closed)

    # Relations of record: parents (some unverified, a few with rights terminated), attorneys,
    # guardians, representatives; verified by the client's first worker.
    rel_id = 0
    kinds = (
        ("parent", 0.95),
        ("parent", 0.5),
        ("attorney", 0.25),
        ("legal_guardian", 0.10),
        ("authorized_representative", 0.05),
    )
    for client in range(n_clients):
        cases = plan.client_cases[client]
        first_case = min(cases, key=lambda c: plan.cases[c][1])
        verified_on = plan.cases[first_case][1]
        verifier = plan.assignments[plan.case_assignments[first_case][0]][1]
        rels = []
        for kind, chance in kinds:
            if rng.random() >= chance:
                continue
            rel_id += 1
            roll = rng.random()
            state = "verified"
            if roll < 0.08:
                state = "unverified"
            elif kind == "parent" and roll < 0.11:
                state = "terminated"
            ended = today - rng.randint(1, 700) if rng.random() < 0.03 else None
            org = "Law Office" if kind == "attorney" else ""
            name = f"{rng.choice(FIRST)} {plan.clients[client][1] if kind == 'parent' else rng.choice(LAST)}"  # noqa: E501
            plan.relations.append(
                (rel_id, client, kind, name, state, verifier, verified_on, ended, org)
            )
            if ended is None:
                rels.append((rel_id, kind, state))
        plan.client_relations[client] = rels


def plan_releases(plan: Plan) -> None:
    rng, today = plan.rng, plan.today
    n = max(20, round(FULL["releases"] * plan.scale))
    for rid in range(1, n + 1):
        client = rng.randrange(len(plan.clients))
        case = plan.client_cases[client][0]
        preparer = plan.assignments[plan.case_assignments[case][-1]][1]
        form = "DCF-2131F" if rng.random() < 0.8 else "DCF-2131T"
        signed = today - rng.randint(0, 3 * 365)
        expires = signed + 365
        revoked = signed + rng.randint(1, 300) if rng.random() < 0.03 else None
        if revoked is not None and revoked > today:
            revoked = None
        party = THIRD_PARTIES[rid % len(THIRD_PARTIES)]
        plan.releases.append((rid, client, preparer, form, signed, expires, revoked, party))


@dataclass(frozen=True)
class Template:
    key: str
    recipient: str
    relation: str | None  # the state a relation recipient must be in
    categories: tuple[str, ...]
    in_doubt: bool = False
    hearing_related: bool = False
    weight: int = 1


TEMPLATES = [
    Template("client", "client", None, ("case_record",), weight=30),
    Template("client_school", "client", None, ("case_record", "educational"), weight=10),
    Template("parent", "parent", "verified", ("case_record", "educational"), weight=25),
    Template("parent_medical", "parent", "verified", ("medical",), weight=8),
    Template("guardian", "legal_guardian", "verified", ("case_record", "medical"), weight=5),
    Template("attorney", "attorney", "verified", ("case_record", "investigation"), weight=8),
    Template("representative", "authorized_representative", "verified", ("case_record",), weight=2),
    Template("staff", "dcf_staff", None, ("case_record",), weight=6),
    Template(
        "juvenile_court", "juvenile_court", None, ("investigation",), hearing_related=True, weight=5
    ),
    Template(
        "probate_court", "probate_court", None, ("case_record",), hearing_related=True, weight=1
    ),
    Template("aag", "assistant_attorney_general", None, ("case_record", "investigation"), weight=2),
    Template("parent_substance", "parent", "verified", ("case_record", "substance_use"), weight=20),
    Template("client_in_doubt", "client", None, ("psychiatric",), in_doubt=True, weight=15),
    Template("third_party", "third_party", None, ("educational",), weight=25),
    Template("other_court", "other_court", None, ("case_record",), weight=10),
    Template("parent_unverified", "parent", "unverified", ("case_record",), weight=10),
    Template("parent_terminated", "parent", "terminated", ("case_record",), weight=5),
    Template("reporter", "attorney", "verified", ("reporter_identity",), weight=5),
    Template("court_no_hearing", "juvenile_court", None, ("case_record",), weight=10),
]
ROLES = (
    "social_worker",
    "solnit_north_staff",
    "solnit_south_staff",
    "cjts_staff",
    "other_dcf_staff",
)
ASOF = "@@AS_OF@@"


@dataclass(frozen=True)
class Decided:
    outcome: str
    rule: str
    citation: str
    reasons_json: str  # COPY-escaped
    reason_codes: str  # array literal
    facts_json: str  # COPY-escaped, with ASOF to replace
    escalation_detail: str
    policy_version: str


def decide_templates() -> dict[tuple[int, str], Decided]:
    """Run the real engine (with this deployment's sensitive categories) on every template and
    role; the stored decision is the engine's, only the date is filled in per request."""
    from requests_app import adapters, policy

    decided = {}
    for t_index, t in enumerate(TEMPLATES):
        for role in ROLES:
            facts = policy.Facts(
                as_of=datetime.date(2000, 1, 1),
                requester=policy.Requester(
                    role=policy.Role(role), assigned_to_case=True, in_doubt=t.in_doubt
                ),
                case=policy.Case(status=policy.CaseStatus.OPEN),
                recipient=policy.Recipient(
                    kind=policy.RecipientKind(t.recipient),
                    relationship_verified=t.relation == "verified",
                    parental_rights_terminated=t.relation == "terminated",
                    business_reason=STAFF_REASONS[0] if t.recipient == "dcf_staff" else "",
                    hearing_related_to_case=t.hearing_related,
                ),
                information=policy.Information(
                    categories=tuple(policy.Category(c) for c in t.categories)
                ),
            )
            d = adapters.evaluate_facts(facts)
            facts_dict = policy.facts_to_dict(d.facts)
            facts_dict["as_of"] = ASOF
            reasons = [{"code": r.code, "message": r.message} for r in d.reasons]
            decided[(t_index, role)] = Decided(
                outcome=d.outcome.value,
                rule=d.rule or "",
                citation=d.citation,
                reasons_json=esc(json.dumps(reasons)),
                reason_codes=pg_array(d.codes),
                facts_json=esc(json.dumps(facts_dict)),
                escalation_detail="; ".join(r.code for r in d.reasons),
                policy_version=d.policy_version,
            )
    return decided


# --------------------------------------------------------------------------- requests and fates

OPEN_REVIEW_DAYS = 14
PERMITTED_SHARE = 0.85  # of requests by the four direct roles; everyone else's escalate
RESOLUTIONS = [
    ("approved", 0.55),
    ("approved_with_redactions", 0.15),
    ("denied", 0.20),
    ("returned", 0.10),
]
RESOLUTION_LABEL = {
    "approved": "Approved",
    "approved_with_redactions": "Approved with redactions",
    "denied": "Denied",
    "returned": "Returned for more information",
}
RECIPIENT_LABEL = {
    "assistant_attorney_general": "Assistant Attorney General",
    "juvenile_court": "Superior Court for Juvenile Matters",
    "probate_court": "Probate Court",
    "other_court": "Another court",
    "third_party": "A named third party",
}
RELATION_LABEL = {
    "parent": "parent",
    "legal_guardian": "legal guardian",
    "attorney": "attorney",
    "authorized_representative": "authorized representative",
}


@dataclass
class Requests:
    """The requests, in submission order (id = index + 1), as parallel columns."""

    submitted: list[int] = field(default_factory=list)  # epoch us
    client: list[int] = field(default_factory=list)
    case: list[int] = field(default_factory=list)
    requester: list[int] = field(default_factory=list)
    template: list[int] = field(default_factory=list)
    relation: list[int] = field(default_factory=list)  # 0 = none
    staff: list[int] = field(default_factory=list)  # 0 = none
    aux: list[int] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    # id of the review (0 = none), of the disclosure (0 = none)
    review: list[int] = field(default_factory=list)
    disclosure: list[int] = field(default_factory=list)


@dataclass
class ReviewRow:
    id: int
    request: int
    opened: int
    due: int
    assignee: int | None
    claimed: int | None
    resolution: str
    decided: int | None


@dataclass
class DisclosureRow:
    id: int
    request: int
    disclosed_on: int
    recorded: int
    redactions: bool
    authority: str


def plan_requests(
    plan: Plan, decided: dict
) -> tuple[Requests, list[ReviewRow], list[DisclosureRow]]:
    rng, today = plan.rng, plan.today
    n_requests = max(2_000, round(FULL["requests"] * plan.scale))
    start = today - YEARS * 365
    # Windows in which a client's case was open (and inside the five years).
    windows: list[list[tuple[int, int, int]]] = []
    for cases in plan.client_cases:
        mine = []
        for case in cases:
            _, opened, closed = plan.cases[case]
            lo, hi = max(opened, start), (closed - 1 if closed else today)
            if hi >= lo:
                mine.append((case, lo, hi))
        windows.append(mine)
    eligible = [c for c in range(len(plan.clients)) if windows[c]]
    rng.shuffle(eligible)  # the busiest clients are anywhere in the id range
    cumulative, total = [], 0.0
    for rank in range(1, len(eligible) + 1):
        total += rank**-0.7
        cumulative.append(total)
    draws = rng.choices(eligible, cum_weights=cumulative, k=n_requests)

    permitted_pool = defaultdict(list)
    escalated_pool = defaultdict(list)
    for (t_index, role), d in decided.items():
        pool = permitted_pool if d.outcome == "permitted" else escalated_pool
        pool[role].append(t_index)
    any_pool = list(range(len(TEMPLATES)))
    fallback = {"permitted": 0, "escalated": 12}  # client / client_in_doubt
    assert TEMPLATES[12].in_doubt

    staff_ids = [s.id for s in plan.staff]
    rows = []
    for client in draws:
        case, lo, hi = rng.choice(windows[client])
        day = rng.randint(lo, hi)
        # The assignee that day (the facility or central co-assignee now and then).
        active = [
            a
            for a in (plan.assignments[i] for i in plan.case_assignments[case])
            if a[2] <= day and (a[3] is None or a[3] >= day)
        ]
        if not active:
            first = plan.assignments[plan.case_assignments[case][0]]
            day = max(day, first[2])
            active = [first]
        requester = active[0][1]
        if len(active) > 1 and rng.random() < 0.15:
            requester = rng.choice(active[1:])[1]
        role = plan.role_of[requester]
        if role == "other_dcf_staff":
            pool, outcome = any_pool, "escalated"
        elif rng.random() < PERMITTED_SHARE:
            pool, outcome = permitted_pool[role], "permitted"
        else:
            pool, outcome = escalated_pool[role], "escalated"
        t_index = rng.choices(pool, weights=[TEMPLATES[i].weight for i in pool])[0]
        template = TEMPLATES[t_index]
        relation = 0
        if template.relation:
            options = [
                r[0]
                for r in plan.client_relations[client]
                if r[1] == template.recipient and r[2] == template.relation
            ]
            if options:
                relation = rng.choice(options)
            else:
                t_index = fallback[outcome]
                template = TEMPLATES[t_index]
        staff = rng.choice(staff_ids) if template.recipient == "dcf_staff" else 0
        second = rng.randint(8 * 3600, 17 * 3600 + 3599)
        submitted = local_us(day, second) + rng.randrange(1_000_000)
        rows.append((submitted, client, case, requester, t_index, relation, staff))
    rows.sort()

    reqs = Requests()
    reviews: list[ReviewRow] = []
    disclosures: list[DisclosureRow] = []
    now_us = int(time.time() * 1_000_000)
    due_cache: dict[tuple[int, int | None], int] = {}
    from requests_app.business_days import review_due_on

    def due_on(day: int, hearing: int | None) -> int:
        key = (day, hearing)
        if key not in due_cache:
            due_cache[key] = review_due_on(
                escalated_on=datetime.date.fromordinal(day),
                business_days=5,
                hearing_on=datetime.date.fromordinal(hearing) if hearing else None,
            ).toordinal()
        return due_cache[key]

    for index, (submitted, client, case, requester, t_index, relation, staff) in enumerate(rows):
        request_id = index + 1
        aux = rng.getrandbits(32)
        role = plan.role_of[requester]
        d = decided[(t_index, role)]
        day = local_ordinal(submitted)
        status, review_id, disclosure_id = d.outcome, 0, 0
        disclose_from: tuple[int, bool, str] | None = None
        if d.outcome == "permitted":
            disclose_from = (submitted, False, f"DCF Policy 31-8-5 rule {d.rule}: {d.citation}")
        else:
            opened = submitted + 80_000
            template = TEMPLATES[t_index]
            hearing = day + 3 + aux % 28 if template.recipient.endswith("court") else None
            review = ReviewRow(
                id=len(reviews) + 1,
                request=request_id,
                opened=opened,
                due=due_on(day, hearing),
                assignee=None,
                claimed=None,
                resolution="",
                decided=None,
            )
            reviewer = rng.choice(plan.reviewers)
            if day >= today - OPEN_REVIEW_DAYS:
                if rng.random() < 0.6:
                    review.assignee = reviewer
                    review.claimed = min(now_us - 1, opened + rng.randint(600, 2 * 86_400) * 10**6)
                    status = "in_review"
                else:
                    status = "escalated"
            else:
                took = rng.randint(2 * 3600, 9 * 86_400) * 1_000_000
                review.decided = opened + took
                review.claimed = opened + took // 3
                review.assignee = reviewer
                roll, resolution = rng.random(), "approved"
                for name, share in RESOLUTIONS:
                    if roll < share:
                        resolution = name
                        break
                    roll -= share
                review.resolution = resolution
                status = resolution
                if resolution in ("approved", "approved_with_redactions"):
                    when = datetime.date.fromordinal(local_ordinal(review.decided)).isoformat()
                    disclose_from = (
                        review.decided,
                        resolution == "approved_with_redactions",
                        f"Office of Legal Affairs: {RESOLUTION_LABEL[resolution]} by "
                        f"{plan.name_of[reviewer]} on {when}",
                    )
            reviews.append(review)
            review_id = review.id
        if disclose_from is not None and rng.random() < 0.87:
            since, redactions, authority = disclose_from
            since_day = local_ordinal(since)
            on = since_day + rng.randint(0, 6)
            if on <= today:
                recorded = max(since + 60_000_000, local_us(on, rng.randint(9 * 3600, 17 * 3600)))
                if recorded < now_us:
                    disclosure_id = len(disclosures) + 1
                    disclosures.append(
                        DisclosureRow(
                            disclosure_id, request_id, on, recorded, redactions, authority
                        )
                    )
                    status = "disclosed"
        reqs.submitted.append(submitted)
        reqs.client.append(client)
        reqs.case.append(case)
        reqs.requester.append(requester)
        reqs.template.append(t_index)
        reqs.relation.append(relation)
        reqs.staff.append(staff)
        reqs.aux.append(aux)
        reqs.status.append(status)
        reqs.review.append(review_id)
        reqs.disclosure.append(disclosure_id)
    return reqs, reviews, disclosures


# --------------------------------------------------------------------------- loading


class Loader:
    """COPYs tables in dependency order and rebuilds their indexes in a second connection."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.conn = common.connect(url)
        cur = self.conn.cursor()
        cur.execute("SET session_replication_role = replica")
        cur.execute("SET synchronous_commit = off")
        cur.execute("SET maintenance_work_mem = '512MB'")
        self.conn.commit()
        self.index_jobs: list[tuple[str, list[str]]] = []
        self.index_lock = threading.Condition()
        self.index_done = False
        self.index_error: BaseException | None = None
        self.indexer = threading.Thread(target=self._build_indexes, daemon=True)
        self.indexer.start()
        self.timings: dict[str, float] = {}

    def _secondary_indexes(self, cur, table: str) -> list[tuple[str, str]]:
        """Indexes not backing a constraint (primary or unique keys stay: COPY needs no help)."""
        cur.execute(
            """
            SELECT i.relname, pg_get_indexdef(x.indexrelid)
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
            WHERE x.indrelid = %s::regclass
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            """,
            [table],
        )
        return cur.fetchall()

    def copy(self, table: str, columns: list[str], lines: Iterator[str]) -> int:
        started = time.perf_counter()
        cur = self.conn.cursor()
        indexes = self._secondary_indexes(cur, table)
        cur.execute(f"TRUNCATE {table} CASCADE")  # same transaction as COPY: FREEZE applies
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        stream = LineStream(lines)
        cur.copy_expert(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FREEZE)", stream, size=1 << 20
        )
        self.conn.commit()
        with self.index_lock:
            self.index_jobs.append((table, [definition for _, definition in indexes]))
            self.index_lock.notify()
        self.timings[table] = time.perf_counter() - started
        log(f"  {table}: {stream.rows:,} rows in {self.timings[table]:.1f}s")
        return stream.rows

    def _build_indexes(self) -> None:
        try:
            conn = common.connect(self.url)
            conn.autocommit = True
            cur = conn.cursor()
            cur.execute("SET maintenance_work_mem = '512MB'")
            while True:
                with self.index_lock:
                    while not self.index_jobs and not self.index_done:
                        self.index_lock.wait()
                    if not self.index_jobs:
                        break
                    _, definitions = self.index_jobs.pop(0)
                for definition in definitions:
                    cur.execute(definition)
            conn.close()
        except BaseException as error:  # reported by finish()
            self.index_error = error

    def finish(self) -> None:
        started = time.perf_counter()
        with self.index_lock:
            self.index_done = True
            self.index_lock.notify()
        self.indexer.join()
        if self.index_error:
            raise self.index_error
        log(f"  indexes finished {time.perf_counter() - started:.1f}s after the last table")
        cur = self.conn.cursor()
        # Sequences follow the ids given here, so the portal's next row gets the next number.
        cur.execute(
            """
            SELECT c.relname, a.attname FROM pg_class c
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
              AND pg_get_serial_sequence(c.relname, a.attname) IS NOT NULL
            """
        )
        for table, column in cur.fetchall():
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, %s), "
                f"coalesce((SELECT max({column}) FROM {table}), 0) + 1, false)",
                [table, column],
            )
        self.conn.commit()
        started = time.perf_counter()
        self.conn.autocommit = True
        cur.execute("ANALYZE")
        log(f"  ANALYZE {time.perf_counter() - started:.1f}s")
        self.conn.close()


def log(message: str) -> None:
    print(message, flush=True)


def recreate_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    if name in {"dcf_portal", "dcf_lead", "dcf_incidents", "dcf_verify"} or name.startswith(
        "test_"
    ):
        raise SystemExit(f"refusing to drop database {name}")
    admin = common.connect(common.with_database(url, "postgres"))
    admin.autocommit = True
    cur = admin.cursor()
    cur.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = %s AND pid <> pg_backend_pid()",
        [name],
    )
    cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
    cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def migrate(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "dcfconf.settings"}
    subprocess.run(
        [common.PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=common.ROOT,
        env=env,
        check=True,
    )


def load(url: str, scale: float) -> dict[str, int]:
    common.django_setup(url)
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group, Permission
    from django.utils import timezone

    from requests_app.services.casework import duty_groups_ensure

    duty_groups_ensure()
    group_id = dict(Group.objects.values_list("name", "id"))
    perm_id = {
        p.codename: p.id
        for p in Permission.objects.filter(
            content_type__app_label="requests_app", codename__in=["view_case", "view_client"]
        )
    }
    password = make_password(BENCH_PASSWORD)
    from django.db import connections

    connections.close_all()

    today = timezone.localdate().toordinal()
    plan = Plan(today=today, scale=scale, rng=random.Random(SEED))
    started = time.perf_counter()
    plan_people(plan)
    plan_casework(plan)
    plan_releases(plan)
    decided = decide_templates()
    reqs, reviews, disclosures = plan_requests(plan, decided)
    log(f"planned in {time.perf_counter() - started:.1f}s")

    loader = Loader(url)
    sizes: dict[str, int] = {}
    copy_all(loader, plan, decided, reqs, reviews, disclosures, group_id, perm_id, password, sizes)
    loader.finish()
    return sizes


def copy_all(
    loader: Loader,
    plan: Plan,
    decided: dict,
    reqs: Requests,
    reviews: list[ReviewRow],
    disclosures: list[DisclosureRow],
    group_id: dict[str, int],
    perm_id: dict[str, int],
    password: str,
    sizes: dict[str, int],
) -> None:
    rng = random.Random(SEED + 1)
    today = plan.today
    joined = ts_text(local_us(today - 6 * 365, 9 * 3600))
    now_us = int(time.time() * 1_000_000)
    client_name = [f"{c[0]} {c[1]}" for c in plan.clients]
    ip_of = {s.id: f"10.{s.unit}.{s.id // 250}.{s.id % 250 + 1}" for s in plan.staff}

    def copy(table: str, columns: str, lines: Iterable[str], key: str | None = None) -> None:
        rows = loader.copy(table, columns.split(), iter(lines))
        if key:
            sizes[key] = rows

    copy(
        "requests_app_workunit",
        "id code name kind",
        (f"{u[0]}\t{u[1]}\t{u[2]}\t{u[3]}" for u in plan.units),
    )
    copy(
        "auth_user",
        "id password username first_name last_name email is_superuser is_staff is_active "
        "date_joined",
        (
            f"{s.id}\t{password}\t{s.username}\t{s.first}\t{s.last}\t{s.username}@ct.gov\t"
            f"f\tf\tt\t{joined}"
            for s in plan.staff
        ),
        "staff",
    )
    copy(
        "auth_user_groups",
        "user_id group_id",
        (f"{s.id}\t{group_id[d]}" for s in plan.staff for d in s.duties),
    )
    copy(
        "requests_app_staffprofile",
        "id user_id disclosure_role unit_id supervisor_id job_title",
        (
            f"{s.id}\t{s.id}\t{s.role}\t{s.unit}\t{s.supervisor or NULL}\t{s.title}"
            for s in plan.staff
        ),
    )
    copy(
        "requests_app_client",
        "id client_number first_name last_name date_of_birth",
        (
            f"{i + 1}\tC{i + 1:08d}\t{c[0]}\t{c[1]}\t{day_text(c[2])}"
            for i, c in enumerate(plan.clients)
        ),
        "clients",
    )
    copy(
        "requests_app_case",
        "id case_number opened_on closed_on",
        (
            f"{i + 1}\t{c[0]}\t{day_text(c[1])}\t{day_text(c[2]) if c[2] else NULL}"
            for i, c in enumerate(plan.cases)
        ),
        "cases",
    )
    copy(
        "requests_app_casemembership",
        "id case_id client_id role_in_case",
        (f"{i + 1}\t{m[0] + 1}\t{m[1] + 1}\t{m[2]}" for i, m in enumerate(plan.memberships)),
        "case_memberships",
    )
    copy(
        "requests_app_caseassignment",
        "id case_id staff_id starts_on ends_on",
        (
            f"{i + 1}\t{a[0] + 1}\t{a[1]}\t{day_text(a[2])}\t{day_text(a[3]) if a[3] else NULL}"
            for i, a in enumerate(plan.assignments)
        ),
        "case_assignments",
    )
    copy(
        "requests_app_clientrelation",
        "id client_id kind full_name organization address phone email verified_by_id "
        "verified_on parental_rights_terminated parental_rights_terminated_on ended_on",
        (
            f"{r[0]}\t{r[1] + 1}\t{r[2]}\t{r[3]}\t{r[8]}\t12 Elm Street, Hartford, CT 06106\t"
            f"860-555-{r[0] % 10000:04d}\t\t"
            + (f"{r[5]}\t{day_text(r[6])}" if r[4] != "unverified" else "\\N\t\\N")
            + ("\tt\t" + day_text(r[6] + 30) if r[4] == "terminated" else "\tf\t\\N")
            + f"\t{day_text(r[7]) if r[7] else NULL}"
            for r in plan.relations
        ),
        "relations",
    )

    # django-guardian: what access_sync grants today (own and supervisees' active cases).
    supervisees = defaultdict(list)
    for s in plan.staff:
        if s.supervisor:
            supervisees[s.supervisor].append(s.id)
    active_cases = defaultdict(set)
    for case, staff, starts, ends in plan.assignments:
        if starts <= today and (ends is None or ends >= today):
            active_cases[staff].add(case)
    case_members = defaultdict(list)
    for case, client, _ in plan.memberships:
        case_members[case].append(client)
    case_perms, client_perms = [], []
    for s in plan.staff:
        cases = set(active_cases.get(s.id, ()))
        for other in supervisees.get(s.id, ()):
            cases |= active_cases.get(other, set())
        clients = {c for case in cases for c in case_members[case]}
        case_perms += [(s.id, case) for case in sorted(cases)]
        client_perms += [(s.id, client) for client in sorted(clients)]
    copy(
        "requests_app_caseuserobjectpermission",
        "id user_id permission_id content_object_id",
        (f"{i + 1}\t{u}\t{perm_id['view_case']}\t{c + 1}" for i, (u, c) in enumerate(case_perms)),
        "case_permissions",
    )
    copy(
        "requests_app_clientuserobjectpermission",
        "id user_id permission_id content_object_id",
        (
            f"{i + 1}\t{u}\t{perm_id['view_client']}\t{c + 1}"
            for i, (u, c) in enumerate(client_perms)
        ),
        "client_permissions",
    )

    def release_lines() -> Iterator[str]:
        for rid, client, preparer, form, signed, expires, revoked, party in plan.releases:
            year = datetime.date.fromordinal(signed).year
            ready = ts_text(local_us(signed - 2, 10 * 3600))
            created = ts_text(local_us(signed - 3, 10 * 3600))
            yield "\t".join(
                [
                    str(rid),
                    form,
                    f"{form.removeprefix('DCF-')}-{year}-{rid:06d}",
                    party[0],
                    party[1],
                    party[2],
                    "{case_record,educational}",
                    "School and case-plan records",
                    "\\N",
                    "\\N",
                    "Coordinate services with the provider.",
                    day_text(signed),
                    day_text(expires),
                    "",
                    "client",
                    client_name[client],
                    "",
                    "",
                    "t",
                    "t",
                    "t",
                    "t",
                    ready,
                    day_text(signed),
                    "",
                    day_text(revoked) if revoked else "\\N",
                    "mail" if revoked else "",
                    created,
                    created,
                    str(client + 1),
                    str(preparer),
                    str(preparer) if revoked else "\\N",
                    "\\N",
                    "\\N",
                    "",
                    "\\N",
                    "",
                    "",
                    "\\N",
                    "",
                ]
            )

    copy(
        "forms_app_releaseauthorization",
        "id form number counterparty_name counterparty_organization counterparty_address "
        "categories information_description information_from information_to purpose "
        "effective_on expires_on expiry_event signer_kind signer_name signer_relationship "
        "signer_authority read_right_to_revoke read_services_not_conditioned "
        "read_redisclosure_warning copy_given_to_signer ready_for_signature_at signed_on "
        "signed_scan revoked_on revocation_received_how created_at updated_at client_id "
        "prepared_by_id revoked_recorded_by_id signer_relation_id records_received_on "
        "rendered_pdf rendered_pdf_at rendered_pdf_fingerprint revocation_note "
        "sent_to_provider_on signed_scan_kind",
        release_lines(),
        "releases",
    )

    relation_of = {r[0]: r for r in plan.relations}
    review_by_id = {r.id: r for r in reviews}
    disclosure_by_id = {d.id: d for d in disclosures}

    def recipient_display(i: int) -> str:
        t = TEMPLATES[reqs.template[i]]
        if t.recipient == "client":
            return f"{client_name[reqs.client[i]]} (the client)"
        if reqs.relation[i]:
            r = relation_of[reqs.relation[i]]
            return f"{r[3]} ({RELATION_LABEL[r[2]]})"
        if reqs.staff[i]:
            return f"{plan.name_of[reqs.staff[i]]} (DCF staff)"
        name, org = recipient_name(i)
        return f"{', '.join(p for p in (name, org) if p)} ({RECIPIENT_LABEL[t.recipient]})"

    def recipient_name(i: int) -> tuple[str, str]:
        t = TEMPLATES[reqs.template[i]]
        if t.recipient == "third_party":
            party = THIRD_PARTIES[reqs.aux[i] % len(THIRD_PARTIES)]
            return party[0], party[1]
        if t.recipient == "assistant_attorney_general":
            return f"AAG {LAST[reqs.aux[i] % len(LAST)]}", "Office of the Attorney General"
        if t.recipient.endswith("court"):
            return RECIPIENT_LABEL[t.recipient], ""
        return "", ""

    def request_lines() -> Iterator[str]:
        for i in range(len(reqs.submitted)):
            t = TEMPLATES[reqs.template[i]]
            aux = reqs.aux[i]
            name, org = recipient_name(i)
            court = t.recipient.endswith("court")
            day = local_ordinal(reqs.submitted[i])
            submitted = ts_text(reqs.submitted[i])
            review = review_by_id.get(reqs.review[i])
            disclosure = disclosure_by_id.get(reqs.disclosure[i])
            last = reqs.submitted[i] + 80_000
            if review is not None:
                last = max(last, review.decided or review.claimed or last)
            if disclosure is not None:
                last = disclosure.recorded
            yield "\t".join(
                [
                    str(i + 1),
                    t.recipient,
                    name,
                    org,
                    THIRD_PARTIES[aux % len(THIRD_PARTIES)][2]
                    if t.recipient == "third_party"
                    else "",
                    STAFF_REASONS[0] if t.recipient == "dcf_staff" else "",
                    f"H12-CP{day % 100:02d}-{aux % 1_000_000:06d}-A" if court else "",
                    day_text(day + 3 + aux % 28) if court else "\\N",
                    "t" if t.hearing_related else "f",
                    pg_array(t.categories),
                    DESCRIPTIONS[aux % len(DESCRIPTIONS)],
                    "\\N",
                    "\\N",
                    pg_array(MEDIA[aux % len(MEDIA)]),
                    ("verbal", "documentary", "both")[aux % 3],
                    PURPOSES[aux % len(PURPOSES)],
                    "t" if t.in_doubt else "f",
                    submitted,
                    reqs.status[i],
                    token(rng),
                    submitted,
                    ts_text(last),
                    str(reqs.case[i] + 1),
                    str(reqs.client[i] + 1),
                    str(reqs.relation[i]) if reqs.relation[i] else "\\N",
                    str(reqs.staff[i]) if reqs.staff[i] else "\\N",
                    "\\N",
                    str(reqs.requester[i]),
                ]
            )

    copy(
        "requests_app_disclosurerequest",
        "id recipient_kind recipient_name recipient_organization recipient_address "
        "business_reason court_docket_number hearing_on hearing_related_to_case categories "
        "information_description information_from information_to media mode purpose "
        "requester_in_doubt consequences_acknowledged_at status submission_token submitted_at "
        "updated_at case_id client_id recipient_relation_id recipient_staff_id release_id "
        "requester_id",
        request_lines(),
        "disclosure_requests",
    )

    def decision_lines() -> Iterator[str]:
        for i in range(len(reqs.submitted)):
            d = decided[(reqs.template[i], plan.role_of[reqs.requester[i]])]
            as_of = day_text(local_ordinal(reqs.submitted[i]))
            yield (
                f"{i + 1}\t{i + 1}\t{ts_text(reqs.submitted[i] + 50_000)}\t{as_of}\t"
                f"{d.facts_json.replace(ASOF, as_of)}\t{d.outcome}\t{d.rule}\t{d.citation}\t"
                f"{d.reasons_json}\t{d.reason_codes}\t{d.policy_version}"
            )

    copy(
        "requests_app_policydecision",
        "id request_id decided_at as_of facts outcome rule citation reasons reason_codes "
        "policy_version",
        decision_lines(),
        "policy_decisions",
    )

    def review_lines() -> Iterator[str]:
        for r in reviews:
            decided_at = ts_text(r.decided) if r.decided else "\\N"
            reason = basis = message = ""
            if r.resolution == "denied":
                reason = "No consent on file and no exception applies."
                basis = DENIAL_BASES[r.id % len(DENIAL_BASES)]
            elif r.resolution == "returned":
                message = "Say which records and attach the court order."
            elif r.resolution:
                reason = "Within the release and the case plan."
            # An approval cites its authority (review_approval_cites_authority): a court order.
            approved = r.resolution in ("approved", "approved_with_redactions")
            authority = (
                ["court_order", COURT, f"H12-CP{r.id % 100:02d}-{r.id:06d}-A", day_text(r.due)]
                if approved
                else ["", "", "", "\\N"]
            )
            yield "\t".join(
                [
                    str(r.id),
                    str(r.request),
                    str(r.request),  # the decision has the request's id
                    ts_text(r.opened),
                    day_text(r.due),
                    str(r.assignee) if r.assignee else "\\N",
                    ts_text(r.claimed) if r.claimed else "\\N",
                    r.resolution,
                    reason,
                    basis,
                    message,
                    str(r.assignee) if r.decided else "\\N",
                    decided_at,
                    *authority,
                    "",  # no 31-8-5 rule, citation or consent form
                    "",
                    "",
                ]
            )

    copy(
        "requests_app_review",
        "id request_id decision_id opened_at due_on assignee_id claimed_at resolution "
        "resolution_reason legal_basis message_to_requester decided_by_id decided_at "
        "authority_basis authority_court authority_docket_number authority_order_on "
        "authority_rule authority_citation authority_consent_form",
        review_lines(),
        "reviews",
    )
    redacted = [r for r in reviews if r.resolution == "approved_with_redactions"]
    copy(
        "requests_app_redactionnote",
        "id review_id document location what legal_basis legal_basis_other note created_by_id "
        "created_at updated_at",
        (
            f"{k + 1}\t{r.id}\tTreatment summary\tPages 2-3\tThe reporter's name and address\t"
            f"reporter_identity\t\t\t{r.assignee}\t{ts_text(r.decided - 600_000_000)}\t"
            f"{ts_text(r.decided - 600_000_000)}"
            for k, r in enumerate(redacted)
        ),
        "redaction_notes",
    )

    def event_lines() -> Iterator[str]:
        n = 0
        for i in range(len(reqs.submitted)):
            request_id = i + 1
            at = reqs.submitted[i]
            requester = reqs.requester[i]
            d = decided[(reqs.template[i], plan.role_of[requester])]
            n += 1
            yield f"{n}\t{request_id}\tsubmitted\t{ts_text(at)}\t\t{requester}"
            n += 1
            if d.outcome == "permitted":
                yield f"{n}\t{request_id}\tpermitted\t{ts_text(at + 60_000)}\t{d.citation}\t\\N"
            else:
                detail = d.escalation_detail
                yield f"{n}\t{request_id}\tescalated\t{ts_text(at + 90_000)}\t{detail}\t\\N"
            review = review_by_id.get(reqs.review[i])
            if review is not None and review.claimed:
                n += 1
                yield f"{n}\t{request_id}\tclaimed\t{ts_text(review.claimed)}\t\t{review.assignee}"
            if review is not None and review.decided:
                n += 1
                kind = "returned" if review.resolution == "returned" else "reviewed"
                label = RESOLUTION_LABEL[review.resolution]
                yield (
                    f"{n}\t{request_id}\t{kind}\t{ts_text(review.decided)}\t{label}\t"
                    f"{review.assignee}"
                )
            disclosure = disclosure_by_id.get(reqs.disclosure[i])
            if disclosure is not None:
                n += 1
                yield (
                    f"{n}\t{request_id}\tdisclosed\t{ts_text(disclosure.recorded)}\t"
                    f"{recipient_display(i)}\t{requester}"
                )

    copy(
        "requests_app_requestevent",
        "id request_id kind at detail actor_id",
        event_lines(),
        "request_events",
    )

    def disclosure_lines() -> Iterator[str]:
        for d in disclosures:
            i = d.request - 1
            aux = reqs.aux[i]
            yield "\t".join(
                [
                    str(d.id),
                    str(d.request),
                    str(reqs.client[i] + 1),
                    day_text(d.disclosed_on),
                    ("verbal", "documentary", "documentary")[aux % 3],
                    pg_array(MEDIA[aux % len(MEDIA)]),
                    DESCRIPTIONS[aux % len(DESCRIPTIONS)],
                    recipient_display(i),
                    PURPOSES[aux % len(PURPOSES)],
                    d.authority,
                    "t" if d.redactions else "f",
                    str(reqs.requester[i]),
                    ts_text(d.recorded),
                    *("",) * 6,  # the authority in words only (`authority`), none structured
                ]
            )

    copy(
        "requests_app_disclosure",
        "id request_id client_id disclosed_on mode media information_disclosed recipient "
        "purpose authority redactions_applied recorded_by_id recorded_at authority_basis "
        "authority_rule authority_citation authority_court authority_docket_number "
        "authority_consent_form",
        disclosure_lines(),
        "disclosures",
    )

    # Notifications: every escalation of the last year notifies each Legal Affairs member (older
    # ones are left out: a year of them is what the unread badge and the list ever look at);
    # every decided review notifies the requester. A quarter of Legal Affairs never reads them.
    year_ago = local_us(today - 365, 0)
    never_read = set(plan.legal[::4])

    def notification_lines() -> Iterator[str]:
        n = 0
        for r in reviews:
            i = r.request - 1
            link = f"/requests/{r.request}/"
            if r.opened >= year_ago:
                subject = f"Disclosure request DR-{r.request:06d} needs Legal Affairs review"
                body = f"Escalated by the 31-8-5 rules. Due {day_text(r.due)}."
                for user in plan.legal:
                    n += 1
                    read = "\\N"
                    if user not in never_read and r.opened < now_us - 3 * 86_400_000_000:
                        read = ts_text(r.opened + 3_600_000_000)
                    yield f"{n}\t{user}\t{ts_text(r.opened)}\t{subject}\t{body}\t{link}\t{read}"
            if r.decided:
                n += 1
                label = RESOLUTION_LABEL[r.resolution]
                read = (
                    ts_text(r.decided + 7_200_000_000)
                    if r.decided < now_us - 7 * 86_400_000_000
                    else "\\N"
                )
                yield (
                    f"{n}\t{reqs.requester[i]}\t{ts_text(r.decided)}\t"
                    f"Legal Affairs decided request DR-{r.request:06d}: {label}\t"
                    f"Open the request for the decision and what to do next.\t{link}\t{read}"
                )

    copy(
        "requests_app_notification",
        "id user_id created_at subject body link read_at",
        notification_lines(),
        "notifications",
    )

    # The audit trail, in time order, chained like the trigger does (migration 0005).
    started = time.perf_counter()
    events: list[tuple] = []
    add = events.append
    for i in range(len(reqs.submitted)):
        at, user, client = reqs.submitted[i], reqs.requester[i], reqs.client[i] + 1
        add((at + 100_000, user, "create", "DisclosureRequest", i + 1, client, ""))
        add((at + 1_500_000, user, "view", "DisclosureRequest", i + 1, client, ""))
    for r in reviews:
        client = reqs.client[r.request - 1] + 1
        if r.claimed:
            add((r.claimed, r.assignee, "update", "Review", r.id, client, "claimed"))
        if r.decided:
            add((r.decided, r.assignee, "decide", "Review", r.id, client, r.resolution))
    for d in disclosures:
        i = d.request - 1
        add(
            (
                d.recorded + 50_000,
                reqs.requester[i],
                "create",
                "Disclosure",
                d.id,
                reqs.client[i] + 1,
                "",
            )
        )
    events.sort()
    log(f"  audit events ordered in {time.perf_counter() - started:.1f}s")

    def audit_lines() -> Iterator[str]:
        previous = GENESIS_HASH
        sha = hashlib.sha256
        for n, (at, user, action, kind, object_id, client, detail) in enumerate(events, 1):
            ip = ip_of[user]
            digest = sha(
                f"{previous}|{n}|{at}|{user}|{action}|{kind}|{object_id}|{client}|{ip}|{detail}".encode()
            ).hexdigest()
            yield (
                f"{n}\t{ts_text(at)}\t{user}\t{action}\t{kind}\t{object_id}\t{client}\t{ip}\t"
                f"{detail}\t{previous}\t{digest}"
            )
            previous = digest

    copy(
        "requests_app_accessevent",
        "id at user_id action object_type object_id client_id ip_address detail prev_hash hash",
        audit_lines(),
        "access_events",
    )


# Every decision and decided review sealed in the order they were made, by the seal chain's own
# insert trigger (migration 0016 does the same for the decisions it finds).
SEAL_SQL = """
INSERT INTO requests_app_recordseal (table_name, row_id, content, prev_hash, hash)
SELECT table_name, row_id, content, '', '' FROM (
    SELECT 'requests_app_policydecision' AS table_name, d.id AS row_id,
           requests_app_row_json(d) AS content, d.decided_at AS at
    FROM requests_app_policydecision d
    UNION ALL
    SELECT 'requests_app_review', r.id, requests_app_row_json(r), r.decided_at
    FROM requests_app_review r WHERE r.decided_at IS NOT NULL
) sealed ORDER BY at, table_name, row_id
"""


# The seal trigger finds the chain's last hash with `ORDER BY id DESC LIMIT 1`. PL/pgSQL plans
# that query once per session, here while the table is empty, when a sequential scan looks
# cheapest: a million seals then cost a million scans of a growing table (about 100 a second).
# A first seal, rolled back, with sequential scans off makes the session's plan the index's.
PRIME_SEAL_PLAN = """
SET enable_seqscan = off;
SAVEPOINT prime;
INSERT INTO requests_app_recordseal (table_name, row_id, content, prev_hash, hash)
VALUES ('requests_app_policydecision', 0, '{}', '', '');
ROLLBACK TO SAVEPOINT prime;
RESET enable_seqscan;
"""


def seal_decisions(url: str) -> None:
    started = time.perf_counter()
    conn = common.connect(url)
    with conn, conn.cursor() as cur:
        cur.execute(PRIME_SEAL_PLAN)
        cur.execute(SEAL_SQL)
        sealed = cur.rowcount
    conn.close()
    log(f"  {sealed:,} decisions sealed in {time.perf_counter() - started:.1f}s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="dcf_bench", help="database name (bin/dbenv resolves it)")
    parser.add_argument("--url", help="database URL (instead of --db)")
    parser.add_argument("--private", action="store_true", help="use the private cluster")
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 1,000,000 requests")
    parser.add_argument("--no-verify", action="store_true", help="skip verify_audit")
    args = parser.parse_args(argv)
    url = args.url or common.database_url(args.db, private=args.private)
    started = time.perf_counter()
    log(f"bench-data: {url} at scale {args.scale}")
    recreate_database(url)
    migrate(url)
    log(f"migrated in {time.perf_counter() - started:.1f}s")
    sizes = load(url, args.scale)
    seal_decisions(url)
    loaded = time.perf_counter() - started
    log(f"loaded in {loaded:.1f}s: " + ", ".join(f"{k} {v:,}" for k, v in sizes.items()))
    if not args.no_verify:
        check = time.perf_counter()
        env = {**os.environ, "DATABASE_URL": url}
        subprocess.run(
            [common.PYTHON, "manage.py", "verify_audit"], cwd=common.ROOT, env=env, check=True
        )
        log(f"verify_audit in {time.perf_counter() - check:.1f}s")
    # What was loaded travels with the database (make bench reports it), outside the schema.
    meta = {"scale": args.scale, "load_seconds": round(loaded, 1), "sizes": sizes}
    name = url.rsplit("/", 1)[1]
    conn = common.connect(url)
    with conn, conn.cursor() as cur:
        cur.execute(f'COMMENT ON DATABASE "{name}" IS %s', [json.dumps(meta)])
    conn.close()
    log(f"bench-data: done in {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
