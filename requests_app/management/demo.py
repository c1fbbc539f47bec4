"""Demo data for development and evaluation: a user for every role, units, about thirty clients,
open and closed cases, relations (an unverified attorney, a parent whose rights were terminated),
releases (current, expired, revoked), a loss report and a breach report, and disclosure requests
with their authorities (a 31-8-5 rule, a statute, consent on another form, a court order).
Idempotent: running it again changes nothing."""

import datetime
import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from forms_app.choices import ReleaseForm, SignerKind
from forms_app.models import ReleaseAuthorization
from requests_app.choices import (
    AuthorityBasis,
    AuthorityKind,
    DisclosureRole,
    DutyGroup,
    LossCause,
    LostItem,
    RelationKind,
    UnitKind,
)
from requests_app.models import (
    Authority,
    AuthorityCited,
    Case,
    CaseAssignment,
    CaseMembership,
    Client,
    ClientRelation,
    DisclosureRequest,
    Incident,
    StaffProfile,
    WorkUnit,
)
from requests_app.pdf import pdf_from_html
from requests_app.permissions import DISCLOSABLE
from requests_app.services.casework import access_sync, duty_groups_ensure
from requests_app.services.documents import document_attach, page_images_render
from requests_app.services.incidents import (
    breach_report_submit,
    incident_acknowledge,
    loss_report_submit,
)
from requests_app.services.requests import disclosure_record, request_submit
from requests_app.services.reviews import review_claim, review_decide

DEMO_PASSWORD = "dcf-demo-2026!"  # noqa: S105  (demo accounts only; seed_demo refuses production)

UNITS = [
    ("hartford", "Hartford Area Office", UnitKind.AREA_OFFICE),
    ("new-haven", "New Haven Area Office", UnitKind.AREA_OFFICE),
    ("solnit-north", "Solnit Children's Center North", UnitKind.SOLNIT_NORTH),
    ("solnit-south", "Solnit Children's Center South", UnitKind.SOLNIT_SOUTH),
    ("cjts", "Connecticut Juvenile Training School", UnitKind.CJTS),
    ("central", "Central Office", UnitKind.CENTRAL_OFFICE),
    ("legal", "Office of Legal Affairs", UnitKind.LEGAL_AFFAIRS),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: DisclosureRole
    unit: str
    duties: tuple[DutyGroup, ...] = ()
    supervisor: str | None = None
    description: str = ""


USERS = [
    DemoUser(
        "supervisor",
        "Janet",
        "Okafor",
        DisclosureRole.SOCIAL_WORKER,
        "hartford",
        (DutyGroup.SUPERVISOR,),
        description="Social-work supervisor, Hartford",
    ),
    DemoUser(
        "worker",
        "Maria",
        "Santos",
        DisclosureRole.SOCIAL_WORKER,
        "hartford",
        supervisor="supervisor",
        description="Social worker with a caseload",
    ),
    DemoUser(
        "worker2",
        "David",
        "Chen",
        DisclosureRole.SOCIAL_WORKER,
        "new-haven",
        description="Social worker, another caseload",
    ),
    DemoUser(
        "solnit_north",
        "Aisha",
        "Grant",
        DisclosureRole.SOLNIT_NORTH_STAFF,
        "solnit-north",
        description="Solnit Center North staff",
    ),
    DemoUser(
        "solnit_south",
        "Luis",
        "Ortega",
        DisclosureRole.SOLNIT_SOUTH_STAFF,
        "solnit-south",
        description="Solnit Center South staff",
    ),
    DemoUser("cjts", "Kevin", "Walsh", DisclosureRole.CJTS_STAFF, "cjts", description="CJTS staff"),
    DemoUser(
        "other_staff",
        "Priya",
        "Nair",
        DisclosureRole.OTHER_DCF_STAFF,
        "central",
        description="Other DCF staff (every request goes to Legal Affairs)",
    ),
    DemoUser(
        "legal",
        "Robert",
        "Feld",
        DisclosureRole.OTHER_DCF_STAFF,
        "legal",
        (DutyGroup.LEGAL_AFFAIRS,),
        description="Office of Legal Affairs attorney",
    ),
    DemoUser(
        "aag",
        "Helen",
        "Brooks",
        DisclosureRole.OTHER_DCF_STAFF,
        "legal",
        (DutyGroup.ASSISTANT_ATTORNEY_GENERAL,),
        description="Assistant Attorney General",
    ),
    DemoUser(
        "legal_director",
        "Samuel",
        "Reyes",
        DisclosureRole.OTHER_DCF_STAFF,
        "legal",
        (DutyGroup.AGENCY_LEGAL_DIRECTOR, DutyGroup.LEGAL_AFFAIRS),
        description="Agency Legal Director",
    ),
    DemoUser(
        "commissioner",
        "Carol",
        "Whitman",
        DisclosureRole.OTHER_DCF_STAFF,
        "central",
        (DutyGroup.COMMISSIONER,),
        description="Commissioner",
    ),
    DemoUser(
        "hr_director",
        "Thomas",
        "Lee",
        DisclosureRole.OTHER_DCF_STAFF,
        "central",
        (DutyGroup.HR_DIRECTOR,),
        description="Director of Human Resources",
    ),
    DemoUser(
        "sysadmin",
        "Nadia",
        "Petrov",
        DisclosureRole.OTHER_DCF_STAFF,
        "central",
        (DutyGroup.SYSTEM_ADMIN,),
        description="System administrator (no client data)",
    ),
    DemoUser(
        "sysadmin2",
        "Omar",
        "Haddad",
        DisclosureRole.OTHER_DCF_STAFF,
        "central",
        (DutyGroup.SYSTEM_ADMIN,),
        description="Second system administrator (decides sysadmin's role-grant requests)",
    ),
]

FIRST_NAMES = [
    "Liam",
    "Olivia",
    "Noah",
    "Emma",
    "Mateo",
    "Ava",
    "Elijah",
    "Sofia",
    "James",
    "Isabella",
    "Lucas",
    "Mia",
    "Ethan",
    "Amelia",
    "Aiden",
    "Harper",
    "Jayden",
    "Evelyn",
    "Daniel",
    "Abigail",
    "Gabriel",
    "Emily",
    "Samuel",
    "Ella",
    "Carter",
    "Chloe",
    "Julian",
    "Layla",
    "Isaiah",
    "Nora",
]
LAST_NAMES = [
    "Rivera",
    "Johnson",
    "Nguyen",
    "Williams",
    "Brown",
    "Garcia",
    "Miller",
    "Davis",
    "Lopez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
]
# case number -> (opened, closed, assigned username, assignment start, assignment end)
CASES = [
    ("C-1001", "2025-03-02", None, "worker", "2025-03-02", None),
    ("C-1002", "2025-06-15", None, "worker", "2025-06-15", None),
    ("C-1003", "2024-11-20", None, "worker", "2025-01-06", None),
    ("C-1004", "2023-09-01", "2026-05-30", "worker", "2023-09-01", None),
    ("C-1005", "2026-02-10", None, "worker", "2026-02-10", None),
    ("C-1006", "2025-08-08", None, "worker2", "2025-08-08", None),
    ("C-1007", "2024-04-04", None, "worker2", "2024-04-04", None),
    ("C-1008", "2025-12-01", None, "worker2", "2025-12-01", None),
    ("C-1009", "2026-01-12", None, "solnit_north", "2026-01-12", None),
    ("C-1010", "2025-10-03", None, "solnit_south", "2025-10-03", None),
    ("C-1011", "2025-07-21", None, "cjts", "2025-07-21", None),
    ("C-1012", "2022-05-05", "2024-02-02", "worker2", "2022-05-05", "2024-02-02"),
    ("C-1013", "2025-04-17", None, "worker", "2025-04-17", "2025-09-30"),
    ("C-1014", "2025-11-03", None, "other_staff", "2025-11-03", None),
]


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _user(spec: DemoUser, units: dict[str, WorkUnit]) -> User:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=spec.username,
        defaults={
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "email": f"{spec.username}@dcf.example.ct.gov",
            # Legal Affairs keeps the table of authorities in the admin.
            "is_staff": bool({DutyGroup.SYSTEM_ADMIN, DutyGroup.LEGAL_AFFAIRS} & set(spec.duties)),
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.set([Group.objects.get_or_create(name=duty.value)[0] for duty in spec.duties])
    StaffProfile.objects.update_or_create(
        user=user,
        defaults={
            "disclosure_role": spec.role,
            "unit": units[spec.unit],
            "job_title": spec.description,
        },
    )
    return user


@transaction.atomic
def seed_demo(*, today: datetime.date) -> list[DemoUser]:
    """Create or refresh the demo data; returns the demo users for printing."""
    duty_groups_ensure()
    units = {
        code: WorkUnit.objects.update_or_create(code=code, defaults={"name": name, "kind": kind})[0]
        for code, name, kind in UNITS
    }
    users = {spec.username: _user(spec, units) for spec in USERS}
    for spec in USERS:
        if spec.supervisor:
            StaffProfile.objects.filter(user=users[spec.username]).update(
                supervisor=users[spec.supervisor]
            )

    clients = []
    for i in range(30):
        born = datetime.date(2008 + (i % 12), 1 + (i * 5) % 12, 1 + (i * 7) % 27)
        if i % 6 == 5:  # a few adult clients
            born = datetime.date(1985 + i % 10, 3, 14)
        client, _ = Client.objects.update_or_create(
            client_number=f"CL-{20000 + i}",
            defaults={
                "first_name": FIRST_NAMES[i],
                "last_name": LAST_NAMES[i // 2],
                "date_of_birth": born,
            },
        )
        clients.append(client)

    for index, (number, opened, closed, username, starts, ends) in enumerate(CASES):
        case, _ = Case.objects.update_or_create(
            case_number=number,
            defaults={
                "opened_on": datetime.date.fromisoformat(opened),
                "closed_on": _date(closed),
            },
        )
        for client in clients[index * 2 : index * 2 + 2]:
            CaseMembership.objects.get_or_create(
                case=case, client=client, defaults={"role_in_case": "Child"}
            )
        CaseAssignment.objects.update_or_create(
            case=case,
            staff=users[username],
            starts_on=datetime.date.fromisoformat(starts),
            defaults={"ends_on": _date(ends)},
        )

    _relations(clients, users["worker"], users["worker2"])
    _releases(clients, users["worker"], users["supervisor"], today)
    for user in users.values():
        access_sync(user=user, today=today)
    _incidents(clients, users)
    _disclosures(clients, users, today)
    _records_to_redact(clients, users, today)
    return USERS


def _incidents(clients: list[Client], users: dict[str, User]) -> None:
    """A stolen laptop the supervisor has acknowledged, and a misdirected fax waiting for the
    Agency Legal Director. Fixed submission tokens make a second run return the same reports."""
    now = timezone.now()
    loss = loss_report_submit(
        reporter=users["worker"],
        draft=Incident(
            items_lost=[LostItem.LAPTOP],
            description="State laptop with case notes for two clients on its disk.",
            loss_cause=LossCause.STOLEN,
            asset_tag="DCF-LT-40417",
            equipment_value=1150,
            discovered_at=now - datetime.timedelta(hours=5),
            location="Parking lot, 505 Hudson Street, Hartford",
            clients_unknown=False,
            circumstances="The car was broken into during a home visit; the bag was taken.",
            security_adequate=True,
            security_notes="Disk encryption on; the laptop was locked in the trunk.",
            steps_taken="Reported to Hartford Police and to the DCF help desk.",
            contact_phone="860-550-0101",
        ),
        clients=clients[:2],
        submission_token=uuid.uuid5(uuid.NAMESPACE_URL, "dcf-demo/incident/loss-1"),
        now=now - datetime.timedelta(hours=4),
    )
    if loss.acknowledged_at is None:
        incident_acknowledge(
            incident=loss, by=users["supervisor"], note="Help desk has wiped the laptop remotely."
        )
    breach_report_submit(
        reporter=users["worker2"],
        draft=Incident(
            description="A case summary was faxed to the wrong school.",
            occurred_on=timezone.localdate(now - datetime.timedelta(days=2)),
            discovered_at=now - datetime.timedelta(hours=1),
            location="Area office fax, Hartford",
            staff_involved="The sending worker only.",
            clients_unknown=False,
            steps_taken="The school confirmed the pages were shredded.",
            contact_phone="860-550-0102",
        ),
        clients=clients[10:11],
        submission_token=uuid.uuid5(uuid.NAMESPACE_URL, "dcf-demo/incident/breach-1"),
        now=now - datetime.timedelta(minutes=30),
    )


def _relations(clients: list[Client], verifier: User, verifier2: User) -> None:
    verified_on = datetime.date(2025, 9, 1)
    for i, client in enumerate(clients[:24]):
        who = verifier if i < 10 else verifier2
        parent_surname = client.last_name
        specs = [
            (f"R-{i}-P1", RelationKind.PARENT, f"Ana {parent_surname}", True, False),
            (f"R-{i}-P2", RelationKind.PARENT, f"Marcus {parent_surname}", True, i % 4 == 0),
        ]
        if i % 3 == 0:
            specs.append(
                (f"R-{i}-A", RelationKind.ATTORNEY, "Rachel Stein, Esq.", i % 2 == 1, False)
            )
        if i % 5 == 1:
            specs.append((f"R-{i}-G", RelationKind.LEGAL_GUARDIAN, "Grace Holloway", True, False))
        if i % 7 == 2:
            specs.append(
                (f"R-{i}-R", RelationKind.AUTHORIZED_REPRESENTATIVE, "Owen Price", False, False)
            )
        for source_id, kind, name, verified, terminated in specs:
            ClientRelation.objects.update_or_create(
                source_id=source_id,
                defaults={
                    "client": client,
                    "kind": kind,
                    "full_name": name,
                    "organization": "Stein Family Law LLC" if kind == RelationKind.ATTORNEY else "",
                    "address": f"{100 + i} Main Street, Hartford, CT 06103",
                    "verified_by": who if verified else None,
                    "verified_on": verified_on if verified else None,
                    "parental_rights_terminated": terminated,
                    "parental_rights_terminated_on": datetime.date(2024, 6, 1)
                    if terminated
                    else None,
                },
            )


def _releases(clients: list[Client], worker: User, supervisor: User, today: datetime.date) -> None:
    """Four signed DCF-2131F (current, expired, revoked, expiring soon), each in effect from its
    signing date for at most a year; a minor client's mother of record signs for them
    (§17a-28), an adult client signs themself."""
    year, day = datetime.timedelta(days=365), datetime.timedelta(days=1)
    specs = [
        # number, client, counterparty, signed and effective, expires, revoked
        (
            "F-2026-0001",
            clients[0],
            "Hartford Pediatrics",
            today - 91 * day,
            today + 274 * day,
            None,
        ),
        (
            "F-2026-0002",
            clients[1],
            "Capitol Region Education Council",
            today - year,
            today - datetime.timedelta(days=10),
            None,
        ),
        (
            "F-2026-0003",
            clients[2],
            "Bridges Counseling Center",
            today - 182 * day,
            today + 183 * day,
            today - datetime.timedelta(days=20),
        ),
        (
            "F-2026-0004",
            clients[3],
            "YMCA Youth Mentoring",
            today - year / 12,
            today + datetime.timedelta(days=21),
            None,
        ),
    ]
    for number, client, counterparty, effective, expires, revoked in specs:
        mother = ClientRelation.objects.get(client=client, source_id__endswith="-P1")
        signer = _release_signer(client, mother, effective)
        ReleaseAuthorization.objects.update_or_create(
            number=number,
            defaults={
                "form": ReleaseForm.FROM_DCF,
                "client": client,
                "counterparty_name": counterparty,
                "counterparty_organization": counterparty,
                "counterparty_address": "55 Farmington Avenue, Hartford, CT 06105",
                "categories": ["case_record", "educational"],
                "information_description": "Case plan and school progress reports",
                "purpose": "Coordinating services for the child",
                "effective_on": effective,
                "expires_on": expires,
                **signer,
                "read_right_to_revoke": True,
                "read_services_not_conditioned": True,
                "read_redisclosure_warning": True,
                "copy_given_to_signer": True,
                "signed_on": effective,
                "revoked_on": revoked,
                "revoked_recorded_by": supervisor if revoked else None,
                "revocation_received_how": "mail" if revoked else "",
                "prepared_by": worker,
            },
        )


def _release_signer(client: Client, mother: ClientRelation, signed: datetime.date) -> dict:
    """Who signs a release on `signed`: the client as an adult, their mother for a minor."""
    if not client.is_minor_on(signed):
        return {
            "signer_kind": SignerKind.CLIENT,
            "signer_name": client.full_name,
            "signer_relation": None,
            "signer_relationship": "",
            "signer_authority": "",
        }
    return {
        "signer_kind": SignerKind.AUTHORIZED_REPRESENTATIVE,
        "signer_name": mother.full_name,
        "signer_relation": mother,
        "signer_relationship": "Mother",
        "signer_authority": "Parent of a minor",
    }


def _demo_request(
    worker: User, client: Client, name: str, today: datetime.date, **fields: object
) -> DisclosureRequest:
    """A request of the worker's about a client of their first case, decided on `today`; a
    fixed submission token makes a second run return the same request."""
    values: dict[str, object] = {
        "client": client,
        "case": client.cases.get(),
        "media": ["hard_copy"],
        "mode": "documentary",
        **fields,
    }
    return request_submit(
        requester=worker,
        draft=DisclosureRequest(**values),
        submission_token=uuid.uuid5(uuid.NAMESPACE_URL, f"dcf-demo/request/{name}"),
        today=today,
    )


def _approve(
    request: DisclosureRequest, legal: User, authority: AuthorityCited, today: datetime.date
) -> None:
    """Legal Affairs claims the request's open review (if any) and approves it, citing
    `authority`."""
    review = request.reviews.filter(decided_at__isnull=True).first()
    if review is None:
        return
    if review.assignee_id is None:
        review = review_claim(review=review, reviewer=legal)
    review_decide(review=review, by=legal, resolution="approved", authority=authority, today=today)


def _disclose(request: DisclosureRequest, worker: User, what: str, today: datetime.date) -> None:
    """The worker records the disclosure of a permitted or approved request (once)."""
    request = DisclosureRequest.objects.get(pk=request.pk)
    if request.status not in DISCLOSABLE:
        return
    disclosure_record(
        request=request,
        user=worker,
        disclosed_on=today,
        mode=request.mode,
        media=request.media,
        information_disclosed=what,
        recipient=request.recipient_display,
        today=today,
    )


def _disclosures(clients: list[Client], users: dict[str, User], today: datetime.date) -> None:
    """The worker's requests, each with its authority: the case plan to a verified mother,
    permitted by the 31-8-5 list and disclosed; an investigation summary to a guardian ad litem
    (§17a-28, from the table of authorities) and HIV-related information on a DCF-2134 consent,
    both approved by Legal Affairs and disclosed; and records for a court order, approved and
    waiting to be disclosed."""
    worker, legal = users["worker"], users["legal"]
    mother = ClientRelation.objects.get(source_id="R-2-P1")
    to_mother = _demo_request(
        worker,
        clients[2],
        "parent",
        today,
        recipient_kind=mother.kind,
        recipient_relation=mother,
        categories=["case_record"],
        purpose="Family team meeting on the case plan",
    )
    _disclose(to_mother, worker, "Case plan, pages 1-6", today)

    guardian_ad_litem, _ = Authority.objects.get_or_create(
        label="Disclosure without consent to a guardian ad litem",
        defaults={"kind": AuthorityKind.WITHOUT_CONSENT, "citation": "Conn. Gen. Stat. §17a-28"},
    )
    to_gal = _demo_request(
        worker,
        clients[4],
        "guardian-ad-litem",
        today,
        recipient_kind="third_party",
        recipient_name="Jordan Ellis, Esq.",
        recipient_organization="Guardian ad litem appointed by the court",
        recipient_address="80 Washington Street, Hartford, CT 06106",
        categories=["investigation"],
        purpose="The guardian ad litem's report to the court",
    )
    _approve(
        to_gal,
        legal,
        AuthorityCited(basis=AuthorityBasis.STATUTE, statute=guardian_ad_litem),
        today,
    )
    _disclose(to_gal, worker, "Investigation summary of March 2026", today)

    to_clinic = _demo_request(
        worker,
        clients[3],
        "hiv-consent",
        today,
        recipient_kind="third_party",
        recipient_name="Infectious Disease Clinic",
        recipient_organization="Hartford HealthCare",
        recipient_address="85 Seymour Street, Hartford, CT 06106",
        categories=["hiv_related"],
        purpose="Continuity of treatment",
    )
    consent = AuthorityCited(
        basis=AuthorityBasis.OTHER_CONSENT,
        consent_form="DCF-2134",
        consent_signed_on=today - datetime.timedelta(days=14),
    )
    _approve(to_clinic, legal, consent, today)
    _disclose(to_clinic, worker, "Treatment summary with the redisclosure notice", today)

    for_court = _demo_request(
        worker,
        clients[8],
        "court-order",
        today,
        recipient_kind="third_party",
        recipient_name="Hartford Police Department, Youth Services",
        recipient_address="253 High Street, Hartford, CT 06103",
        categories=["case_record"],
        purpose="Records the court ordered produced",
    )
    order = AuthorityCited(
        basis=AuthorityBasis.COURT_ORDER,
        court="Superior Court for Juvenile Matters at Hartford",
        docket_number="H12-CP26-004512-A",
        order_on=today - datetime.timedelta(days=7),
    )
    _approve(for_court, legal, order, today)


#: A home-visit narrative naming a sibling and the reporter: what Legal Affairs redacts.
NARRATIVE = """<html><head><style>
@page { size: letter; margin: 1in; } body { font-family: serif; font-size: 12pt; }
h1 { font-size: 16pt; } p { line-height: 1.5; }
</style></head><body>
<h1>Home visit narrative</h1>
<p>Date of visit: March 12, 2026. Present: the child, the mother and the child's sister,
Emma Rivera, age 9.</p>
<p>The report of concern was made by Dana Whitfield, a neighbour, who asked that her name not
be shared with the family.</p>
<p style="page-break-before: always">Follow-up: the child attends school daily; the school
reports no concerns. Emma Rivera attends the same school.</p>
<p>Plan: a family team meeting within thirty days.</p>
</body></html>"""


def _records_to_redact(clients: list[Client], users: dict[str, User], today: datetime.date) -> None:
    """A request waiting on Legal Affairs with its record attached: a two-page narrative that
    names a sibling and the reporter, its page images rendered, ready for the redaction
    editor. A second run attaches nothing more."""
    request = _demo_request(
        users["worker"],
        clients[1],
        "records-to-redact",
        today,
        recipient_kind="third_party",
        recipient_name="Northside Family Services",
        recipient_address="12 Main Street, Hartford, CT 06103",
        categories=["case_record"],
        purpose="Referral for in-home family support",
    )
    if request.documents.exists():
        return
    document = document_attach(
        request=request,
        user=users["worker"],
        name="home-visit-narrative.pdf",
        data=pdf_from_html(NARRATIVE),
    )
    page_images_render(document)
