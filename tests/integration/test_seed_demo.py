"""`manage.py seed_demo`: every role has a demo user; running it twice changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from forms_app.choices import ReleaseStatus
from forms_app.models import ReleaseAuthorization
from requests_app.choices import DisclosureRole, DutyGroup
from requests_app.models import (
    Case,
    Client,
    ClientRelation,
    Disclosure,
    DisclosureRequest,
    Incident,
    IncidentStep,
    Review,
    StaffProfile,
)
from requests_app.selectors import casework as selectors
from requests_app.selectors import incidents as incident_selectors

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo")
    assert not Client.objects.exists()


def test_seed_demo_covers_every_role_and_is_idempotent(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    seeded = (
        Client,
        Case,
        ClientRelation,
        ReleaseAuthorization,
        Incident,
        IncidentStep,
        DisclosureRequest,
        Review,
        Disclosure,
    )
    sizes = [m.objects.count() for m in seeded]
    call_command("seed_demo")
    assert [m.objects.count() for m in seeded] == sizes
    assert "Password for every demo user" in capsys.readouterr().out

    roles = set(StaffProfile.objects.values_list("disclosure_role", flat=True))
    assert roles == set(DisclosureRole.values)
    users = get_user_model().objects
    for duty in DutyGroup:
        assert users.filter(groups__name=duty.value).exists(), duty
    assert 25 <= Client.objects.count() <= 40
    assert ClientRelation.objects.filter(parental_rights_terminated=True).exists()
    assert ClientRelation.objects.filter(kind="attorney", verified_on__isnull=True).exists()
    statuses = {r.status_on(timezone.localdate()) for r in ReleaseAuthorization.objects.all()}
    assert {ReleaseStatus.CURRENT, ReleaseStatus.EXPIRED, ReleaseStatus.REVOKED} <= statuses
    assert Case.objects.filter(closed_on__isnull=False).exists()

    worker = users.get(username="worker")
    other = users.get(username="worker2")
    mine = set(selectors.cases_for_user(user=worker))
    assert mine and mine.isdisjoint(set(selectors.cases_for_user(user=other)))
    assert not selectors.cases_for_user(user=users.get(username="sysadmin")).exists()


def test_seed_demo_reports_a_loss_and_a_breach_through_the_chain(settings):
    """The supervisor has acknowledged the worker's stolen laptop; worker2's misdirected fax waits
    for the Agency Legal Director; neither worker sees the other's report."""
    settings.DEBUG = True
    call_command("seed_demo")
    users = get_user_model().objects
    loss = Incident.objects.get(kind="loss")
    breach = Incident.objects.get(kind="breach")
    assert loss.reporter.username == "worker" and loss.acknowledged_at is not None
    assert breach.reporter.username == "worker2" and breach.acknowledged_at is None

    def visible(username):
        return set(incident_selectors.incidents_for_user(user=users.get(username=username)))

    assert visible("supervisor") >= {loss}
    assert breach in visible("legal_director")
    assert visible("worker") == {loss} and visible("worker2") == {breach}


def test_seed_demo_approvals_and_disclosures_cite_their_authorities(settings):
    """Every approved demo review cites its authority, and every demo disclosure records one:
    a 31-8-5 rule, a statute of the table, consent on another form; a court order waits."""
    settings.DEBUG = True
    call_command("seed_demo")
    approvals = Review.objects.filter(resolution__in=["approved", "approved_with_redactions"])
    assert approvals.count() == 3
    assert not approvals.filter(authority_basis="").exists()
    assert set(approvals.values_list("authority_basis", flat=True)) == {
        "statute",
        "other_consent",
        "court_order",
    }
    assert Disclosure.objects.count() == 3
    assert set(Disclosure.objects.values_list("authority_basis", flat=True)) == {
        "rule",
        "statute",
        "other_consent",
    }
    assert get_user_model().objects.get(username="legal").is_staff
