"""Every link in every email the portal sends is absolute, built on PORTAL_URL: an email is read
in a mail client, where "/requests/2/" leads nowhere. One row per kind of email; each is sent by
the service that sends it in the portal, delivered by the email task, and its link opened."""

import datetime
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone

from requests_app.models import OutboundEmail, Review
from requests_app.services import incidents
from requests_app.services.accounts import account_open, password_link_send
from requests_app.services.reminders import review_reminders_send
from requests_app.services.reviews import review_assign, review_claim, review_decide
from requests_app.tasks import deliver_email
from tests.factories import StaffFactory, court_order, submitted_request
from tests.integration.test_incidents import people, report_breach, report_loss  # noqa: F401
from tests.integration.test_releases import signed

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
PORTAL = "https://disclosures.dcf.example"
#: Where an email of a kind goes, and who opens its link there (None: someone signed out, as
#: the owner of a new account is).
Sent = tuple[str, User | None]


@pytest.fixture(autouse=True)
def portal(settings, tmp_path):
    settings.PORTAL_URL = PORTAL
    settings.MEDIA_ROOT = str(tmp_path / "media")


def escalated(staff) -> Review:
    """A request of the worker's that the engine sends to Legal Affairs, and its review."""
    request = submitted_request(
        staff.worker, staff.child.cases.get(), client=staff.child, requester_in_doubt=True
    )
    return Review.objects.get(request=request)


def legal_affairs_supervisor() -> User:
    return StaffFactory(
        disclosure_role="other_dcf_staff", user__duties=["legal_affairs", "supervisor"]
    ).user


def request_escalated(staff, **_) -> Sent:
    escalated(staff)
    return staff.lawyer.email, staff.lawyer


def reviews_assigned(staff, **_) -> Sent:
    review_assign(reviews=[escalated(staff)], assignee=staff.lawyer, by=legal_affairs_supervisor())
    return staff.lawyer.email, staff.lawyer


def review_decided(staff, **_) -> Sent:
    review = escalated(staff)
    review_claim(review=review, reviewer=staff.lawyer)
    review_decide(review=review, by=staff.lawyer, resolution="approved", authority=court_order())
    return staff.worker.email, staff.worker


def review_reminder(staff, **_) -> Sent:
    review = escalated(staff)
    review_claim(review=review, reviewer=staff.lawyer)
    review_reminders_send(today=review.due_on)
    return staff.lawyer.email, staff.lawyer


def unassigned_reviews_digest(staff, settings, **_) -> Sent:
    """Sent to the team's mailbox, which Legal Affairs staff read."""
    review = escalated(staff)
    review_reminders_send(today=review.due_on)
    return settings.LEGAL_AFFAIRS_EMAIL, staff.lawyer


def loss_reported(staff, **_) -> Sent:
    report_loss(staff)
    return staff.supervisor.email, staff.supervisor


def breach_reported(staff, **_) -> Sent:
    report_breach(staff)
    return staff.director.email, staff.director


def breach_notice_to_leadership(staff, **_) -> Sent:
    incidents.incident_notify_leadership(incident=report_breach(staff), by=staff.director)
    return staff.commissioner.email, staff.commissioner


def report_acknowledged(staff, **_) -> Sent:
    incidents.incident_acknowledge(incident=report_loss(staff), by=staff.supervisor)
    return staff.worker.email, staff.worker


def report_closed(staff, **_) -> Sent:
    loss = incidents.incident_acknowledge(incident=report_loss(staff), by=staff.supervisor)
    incidents.incident_close(incident=loss, by=staff.supervisor, note="The laptop was found.")
    return staff.worker.email, staff.worker


def report_reminder(staff, **_) -> Sent:
    now = timezone.now()
    report_loss(staff, now=now - datetime.timedelta(hours=9))
    incidents.incident_reminders_send(now=now)
    return staff.supervisor.email, staff.supervisor


def release_signed(staff, **_) -> Sent:
    signed(staff.worker, staff.child, timezone.localdate())
    return staff.supervisor.email, staff.supervisor


def account_opened(staff, capture_on_commit, **_) -> Sent:
    sysadmin = StaffFactory(disclosure_role="other_dcf_staff", user__duties=["system_admin"]).user
    draft = User(username="newcomer", email="newcomer@ct.gov", first_name="Ana")
    with capture_on_commit(execute=True):
        account_open(by=sysadmin, draft=draft)
    return "newcomer@ct.gov", None


def new_password_link(staff, capture_on_commit, **_) -> Sent:
    sysadmin = StaffFactory(disclosure_role="other_dcf_staff", user__duties=["system_admin"]).user
    with capture_on_commit(execute=True):
        password_link_send(user=staff.worker, by=sysadmin)
    return staff.worker.email, None


KINDS: dict[str, Callable[..., Sent]] = {
    "a request escalated, to Legal Affairs": request_escalated,
    "reviews assigned, to the reviewer": reviews_assigned,
    "a review decided, to the requester": review_decided,
    "reviews due, to the reviewer": review_reminder,
    "unassigned reviews, to the Legal Affairs mailbox": unassigned_reviews_digest,
    "a loss reported, to the supervisor": loss_reported,
    "a breach reported, to the Agency Legal Director": breach_reported,
    "a breach notice, to the Commissioner": breach_notice_to_leadership,
    "a report acknowledged, to the reporter": report_acknowledged,
    "a report closed, to the reporter": report_closed,
    "a report overdue, to the supervisor": report_reminder,
    "a release signed, to the unit's supervisor": release_signed,
    "a new account's password link": account_opened,
    "a new password link": new_password_link,
}

#: Whatever in a message leads somewhere: a web address, or a path standing alone.
LINKISH = re.compile(r"[a-z][a-z0-9+.-]*://\S+|(?<!\S)/\S*", re.I)


def links_in(body: str) -> list[str]:
    return LINKISH.findall(body)


def delivered() -> list[mail.EmailMessage]:
    """Every email queued so far, sent by the email task (in order), then those sent at once."""
    for pk in OutboundEmail.objects.order_by("pk").values_list("pk", flat=True):
        deliver_email.call(pk)
    return list(mail.outbox)


@pytest.mark.parametrize("kind", KINDS)
def test_every_link_in_the_email_is_absolute_and_opens_its_page(
    kind,
    people,  # noqa: F811  (the fixture of tests/integration/test_incidents.py)
    client,
    settings,
    django_capture_on_commit_callbacks,
):
    address, reader = KINDS[kind](
        people, settings=settings, capture_on_commit=django_capture_on_commit_callbacks
    )
    messages = delivered()
    for message in messages:
        links = links_in(message.body)
        assert links, f"{message.subject!r} links to nothing"
        assert [link for link in links if not link.startswith(f"{PORTAL}/")] == []
    mine = [message for message in messages if address in message.to]
    assert mine, f"nothing was sent to {address}"
    if reader is not None:
        client.force_login(reader)
    opened = client.get(links_in(mine[-1].body)[0].removeprefix(PORTAL), follow=True)
    assert opened.status_code == 200
    assert not opened.redirect_chain or "/login/" not in opened.redirect_chain[-1][0]


def test_production_needs_the_portals_address():
    env = {
        **{k: v for k, v in os.environ.items() if k != "PORTAL_URL"},
        "DJANGO_SETTINGS_MODULE": "dcfconf.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "disclosures.dcf.ct.gov",
        "AUDIT_CHECKPOINT_KEY": "y" * 40,
        "AUDIT_CHECKPOINT_FILE": "/var/lib/dcf-portal/audit-checkpoints.jsonl",
    }
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.PORTAL_URL)"
    )

    def portal_url(**extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**env, **extra},
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert "PORTAL_URL" in portal_url().stderr
    assert portal_url(PORTAL_URL="https://disclosures.dcf.ct.gov/").stdout.split() == [
        "https://disclosures.dcf.ct.gov"
    ]
    refused = portal_url(PORTAL_URL="disclosures.dcf.ct.gov")
    assert refused.returncode != 0 and "PORTAL_URL" in refused.stderr
