"""The world the access matrix is opened on: one case and the people around it, with every kind of
object a URL of the portal can name, the URL of each URL name in that world, and how a test is
signed in as one of its users with the second factor proved.

The integration access matrix (tests/integration/test_access_matrix.py) asks the test client
what every URL answers each kind of user; the browser walk (tests/browser/test_page_walk.py)
opens the same URLs in Chromium as every user who may see them. Both build this one world, so
a row added to the matrix is walked too.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from forms_app.services import releases_print
from requests_app.models import Notification, RedactionNote
from requests_app.services import reviews as review_services
from requests_app.services.casework import assignment_create, duty_groups_ensure
from requests_app.services.documents import document_attach, page_images_render
from requests_app.services.packets import packet_build, packet_start
from requests_app.services.requests import disclosure_record
from tests.factories import (
    CaseFactory,
    LossReportFactory,
    ReleaseFactory,
    StaffFactory,
    WorkUnitFactory,
    pdf_bytes,
    submitted_request,
)

#: The kinds of user, in the order of the access matrix's columns (its docstring says who each
#: one is). Every one but "anon" is a user of the world.
COLUMNS = [
    "anon",
    "worker",
    "north",
    "south",
    "cjts",
    "other",
    "sup",
    "osup",
    "stranger",
    "legal",
    "aag",
    "director",
    "comm",
    "hr",
    "sysadmin",
]

INCIDENT_OBJECT_URLS = (
    "detail",
    "submitted",
    "acknowledge",
    "escalate",
    "notify_leadership",
    "close",
    "pdf",
)


@dataclass(frozen=True)
class World:
    """The users of the world by column, and the arguments each URL name is reversed with."""

    users: dict[str, User]
    args: dict[str, list]

    def url(self, name: str) -> str:
        """The path of URL name `name` in this world."""
        return reverse(name, args=self.args.get(name, []))


def world_build() -> World:
    """One case with a child, the people around it, an escalated request with a claimed review
    and a redaction note, a permitted request the worker disclosed, a DCF-2131T release (draft)
    and a printed DCF-2131F."""
    start = datetime.date(2025, 1, 1)
    unit, other_unit = WorkUnitFactory(), WorkUnitFactory()
    sup = StaffFactory(unit=unit, user__duties=["supervisor"]).user
    users = {
        "worker": StaffFactory(unit=unit, supervisor=sup).user,
        "north": StaffFactory(disclosure_role="solnit_north_staff").user,
        "south": StaffFactory(disclosure_role="solnit_south_staff").user,
        "cjts": StaffFactory(disclosure_role="cjts_staff").user,
        "other": StaffFactory(disclosure_role="other_dcf_staff").user,
        "sup": sup,
        "osup": StaffFactory(unit=other_unit, user__duties=["supervisor"]).user,
        "stranger": StaffFactory().user,
        "legal": StaffFactory(
            disclosure_role="other_dcf_staff", user__duties=["legal_affairs"]
        ).user,
        "aag": StaffFactory(
            disclosure_role="other_dcf_staff", user__duties=["assistant_attorney_general"]
        ).user,
        "director": StaffFactory(
            disclosure_role="other_dcf_staff",
            user__duties=["agency_legal_director", "legal_affairs"],
        ).user,
        "comm": StaffFactory(disclosure_role="other_dcf_staff", user__duties=["commissioner"]).user,
        "hr": StaffFactory(disclosure_role="other_dcf_staff", user__duties=["hr_director"]).user,
        "sysadmin": StaffFactory(
            disclosure_role="other_dcf_staff", user__duties=["system_admin"], user__is_staff=True
        ).user,
    }
    duty_groups_ensure()
    case = CaseFactory()
    child = case.clients.get()
    for name in ("worker", "north", "south", "cjts", "other"):
        assignment_create(case=case, staff=users[name], starts_on=start)
    spoken = {"media": ["email"], "mode": "verbal", "purpose": "x"}
    request = submitted_request(users["worker"], case, **spoken, requester_in_doubt=True)
    review = request.reviews.get()
    review_services.review_claim(review=review, reviewer=users["legal"])
    document = document_attach(
        request=request, user=users["worker"], name="case-plan.pdf", data=pdf_bytes()
    )
    page_images_render(document)
    disclosed = submitted_request(users["worker"], case, **spoken)
    packaged = submitted_request(users["worker"], case, purpose="x")
    document_attach(request=packaged, user=users["worker"], name="plan.pdf", data=pdf_bytes())
    packet = packet_build(packet_start(request=packaged, user=users["worker"]))
    entry = disclosure_record(
        request=disclosed,
        user=users["worker"],
        disclosed_on=timezone.localdate(),
        mode="verbal",
        media=["email"],
        information_disclosed="x",
        recipient="the client",
    )
    note = review_services.redaction_note_save(
        review=review,
        by=users["legal"],
        note=RedactionNote(document="d", what="w", legal_basis="other_people"),
    )
    draft = ReleaseFactory(
        client=child, form="DCF-2131T", signed_on=None, prepared_by=users["worker"]
    )
    signed = ReleaseFactory(client=child, prepared_by=users["worker"])
    batch = releases_print(printed_by=sup, releases=[signed], include_flagged=True)
    loss = LossReportFactory(reporter=users["worker"])
    # Legal Affairs' notice of the escalated request (the Agency Legal Director has their own).
    notice = Notification.objects.get(user=users["legal"], link__endswith=f"/{request.pk}/")
    args = {
        "requests:client_detail": [child.pk],
        "requests:case_detail": [case.pk],
        "requests:accounting": [child.pk],
        "requests:accounting_csv": [child.pk],
        "requests:accounting_pdf": [child.pk],
        "requests:new": [child.pk],
        "requests:release_check": [child.pk],
        "requests:detail": [request.pk],
        "requests:edit": [request.pk],
        "requests:document_add": [request.pk],
        "requests:document_download": [document.pk],
        "requests:document_page": [document.pk, 1],
        "requests:document_redact": [document.pk],
        "requests:packet_build": [packaged.pk],
        "requests:packet_download": [packet.pk],
        "requests:disclose": [request.pk],
        "requests:disclosure_correct": [entry.pk],
        "requests:notification_open": [notice.pk],
        "requests:review": [review.pk],
        "requests:review_claim": [review.pk],
        "requests:review_unclaim": [review.pk],
        "requests:review_decide": [review.pk],
        "requests:redaction_note_add": [review.pk],
        "requests:redaction_note_edit": [review.pk, note.pk],
        "forms:list": [child.pk],
        "forms:create": [child.pk],
        "forms:detail": [signed.pk],
        "forms:update": [signed.pk],
        "forms:mark_ready": [draft.pk],
        "forms:return_to_draft": [draft.pk],
        "forms:sign": [draft.pk],
        "forms:revoke": [signed.pk],
        "forms:correct_dates": [signed.pk],
        "forms:mark_sent": [draft.pk],
        "forms:records_received": [draft.pk],
        "forms:pdf": [signed.pk],
        "forms:scan": [signed.pk],
        "forms:print_batch": [batch.pk],
        **{f"requests:incident_{name}": [loss.pk] for name in INCIDENT_OBJECT_URLS},
        "forms:print_batch_pdf": [batch.pk],
        "password_set": ["MQ", "an-expired-link"],
        "admin:auth_user_password_change": [users["worker"].pk],
    }
    return World(users=users, args=args)


def sign_in_verified(client: Client, user: User, device: TOTPDevice) -> None:
    """Sign `client` in as `user`, with the second factor proved this session."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
