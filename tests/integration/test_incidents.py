"""Loss, theft and breach reports: who is notified, when and with what; acknowledgement;
escalation from a loss to a breach; the Commissioner's and HR's notice; reminders sent once per
stage; who may read which report; the list, the home page and the printed loss report."""

import datetime
import io
import re
import uuid
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from requests_app.choices import IncidentStepKind
from requests_app.models import AccessEvent, Incident, IncidentStep, Notification, OutboundEmail
from requests_app.services import incidents as services
from requests_app.services.casework import assignment_create
from tests.factories import (
    BreachReportFactory,
    CaseFactory,
    DisclosureRequestFactory,
    LossReportFactory,
    StaffFactory,
    WorkUnitFactory,
)

pytestmark = pytest.mark.django_db
START = datetime.date(2025, 1, 1)
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def people():
    """A unit with a supervisor and two workers (one on a caseload), another unit's supervisor,
    the Agency Legal Director, the Commissioner, the HR Director and a Legal Affairs lawyer."""
    unit = WorkUnitFactory()
    supervisor = StaffFactory(unit=unit, user__duties=["supervisor"]).user
    worker = StaffFactory(unit=unit, supervisor=supervisor).user
    colleague = StaffFactory(unit=unit, supervisor=supervisor).user
    other_supervisor = StaffFactory(user__duties=["supervisor"]).user
    director = StaffFactory(
        disclosure_role="other_dcf_staff", user__duties=["agency_legal_director"]
    ).user
    commissioner = StaffFactory(
        disclosure_role="other_dcf_staff", user__duties=["commissioner"]
    ).user
    hr = StaffFactory(disclosure_role="other_dcf_staff", user__duties=["hr_director"]).user
    lawyer = StaffFactory(disclosure_role="other_dcf_staff", user__duties=["legal_affairs"]).user
    case = CaseFactory()
    assignment_create(case=case, staff=worker, starts_on=START)
    # A name no staff member's random name can share, so "no client name in the text" means it.
    child = case.clients.get()
    child.first_name, child.last_name = "Odalys", "Quintanilla-Vasquez"
    child.save(update_fields=["first_name", "last_name"])
    return SimpleNamespace(
        unit=unit,
        supervisor=supervisor,
        worker=worker,
        colleague=colleague,
        other_supervisor=other_supervisor,
        director=director,
        commissioner=commissioner,
        hr=hr,
        lawyer=lawyer,
        child=child,
    )


def loss_fields(now: datetime.datetime, **extra) -> dict:
    return {
        "items_lost": ["laptop"],
        "description": "State laptop with the unit's case notes",
        "asset_tag": "CT-004411",
        "equipment_value": Decimal("1200.00"),
        "loss_cause": "stolen",
        "discovered_at": now - HOUR,
        "location": "A parked car on Main Street, Hartford",
        "circumstances": "The car window was broken during a home visit.",
        "security_adequate": True,
        "security_notes": "Encrypted, locked bag",
        "steps_taken": "Police report filed",
        "prevention_steps": "No devices left in cars",
        **extra,
    }


def report_loss(people, *, now=None, reporter=None, clients=None, **extra) -> Incident:
    now = now or timezone.now()
    return services.loss_report_submit(
        reporter=reporter or people.worker,
        draft=Incident(**loss_fields(now, **extra)),
        clients=[people.child] if clients is None else clients,
        submission_token=uuid.uuid4(),
        now=now,
    )


def report_breach(people, *, now=None, reporter=None, requests=(), **extra) -> Incident:
    now = now or timezone.now()
    return services.breach_report_submit(
        reporter=reporter or people.worker,
        draft=Incident(
            description="Case notes were emailed to the wrong provider.",
            discovered_at=now - HOUR,
            staff_involved="A caseworker of the unit",
            **extra,
        ),
        clients=[people.child],
        disclosure_requests=list(requests),
        submission_token=uuid.uuid4(),
        now=now,
    )


def local_input(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def loss_post(people, **extra) -> dict:
    return {
        "items_lost": ["laptop"],
        "description": "State laptop",
        "asset_tag": "CT-004411",
        "equipment_value": "1200",
        "loss_cause": "stolen",
        "discovered_at": local_input(timezone.now() - HOUR),
        "location": "Parked car, Hartford",
        "clients": [str(people.child.pk)],
        "circumstances": "Window broken",
        "security_adequate": "yes",
        "prevention_steps": "No devices left in cars",
        "submission_token": str(uuid.uuid4()),
        **extra,
    }


def assert_no_client_name(people, *texts: str) -> None:
    for text in texts:
        assert people.child.last_name not in text
        assert people.child.full_name not in text


# ---- the loss chain ----


def test_a_loss_report_goes_to_the_reporters_supervisor_at_once(client, people):
    client.force_login(people.worker)
    response = client.post(reverse("requests:incident_new_loss"), loss_post(people))
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("requests:incident_submitted", args=[incident.pk])
    assert incident.kind == "loss" and incident.supervisor == people.supervisor
    assert list(incident.clients.all()) == [people.child]
    steps = list(incident.steps.values_list("kind", "recipient"))
    assert steps == [("submitted", None), ("supervisor_notified", people.supervisor.pk)]

    note = Notification.objects.get(user=people.supervisor)
    assert note.subject == f"A loss report {incident.reference} needs your acknowledgement"
    assert note.link == reverse("requests:incident_detail", args=[incident.pk])
    email = OutboundEmail.objects.get(to=[people.supervisor.email])
    assert email.subject == note.subject
    assert f"/incidents/{incident.pk}/" in email.body
    assert_no_client_name(people, note.subject, note.body, email.subject, email.body)
    assert not Notification.objects.filter(user__in=[people.director, people.colleague]).exists()

    page = client.get(response["Location"]).content.decode()
    assert people.supervisor.get_full_name() in page
    assert "no supervisor on record" not in page


def test_without_a_supervisor_the_units_supervisors_are_notified_and_the_page_says_so(
    client, people
):
    second = StaffFactory(unit=people.unit, user__duties=["supervisor"]).user
    people.worker.staff_profile.supervisor = None
    people.worker.staff_profile.save()
    incident = report_loss(people)
    notified = set(
        incident.steps.filter(kind="unit_supervisor_notified").values_list("recipient", flat=True)
    )
    assert notified == {people.supervisor.pk, second.pk}
    assert not Notification.objects.filter(user=people.other_supervisor).exists()
    client.force_login(people.worker)
    page = client.get(reverse("requests:incident_submitted", args=[incident.pk])).content.decode()
    assert "no supervisor on record" in page
    assert "supervisors of your unit" in page
    # A unit supervisor it was sent to may read and acknowledge it.
    client.force_login(second)
    assert client.get(reverse("requests:incident_detail", args=[incident.pk])).status_code == 200
    services.incident_acknowledge(incident=incident, by=second)


def test_with_nobody_to_notify_the_reporter_is_told_to_go_in_person(client, people):
    lonely_unit = WorkUnitFactory()
    reporter = StaffFactory(unit=lonely_unit).user
    incident = report_loss(people, reporter=reporter, clients=[], clients_unknown=True)
    assert list(incident.steps.values_list("kind", flat=True)) == [
        "submitted",
        "nobody_to_notify",
    ]
    client.force_login(reporter)
    page = client.get(reverse("requests:incident_submitted", args=[incident.pk])).content.decode()
    assert "Nobody has been notified" in page
    assert "Tell a supervisor in person now" in page


def test_the_supervisor_acknowledges_with_the_time_and_the_reporter_is_told(client, people):
    incident = report_loss(people)
    client.force_login(people.supervisor)
    url = reverse("requests:incident_acknowledge", args=[incident.pk])
    response = client.post(url, {"ack-note": "Call me"})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.acknowledged_by == people.supervisor
    assert incident.acknowledged_at is not None
    step = incident.steps.get(kind="acknowledged")
    assert step.at == incident.acknowledged_at and step.actor == people.supervisor
    told = Notification.objects.get(user=people.worker)
    assert told.subject == f"Your loss report {incident.reference} was acknowledged"
    with pytest.raises(services.IncidentUnavailable):
        services.incident_acknowledge(incident=incident, by=people.supervisor)
    follow = client.post(url, {}, follow=True)
    assert "already been acknowledged" in follow.content.decode()


def test_only_a_supervisor_of_the_reporter_acknowledges_a_loss(client, people):
    incident = report_loss(people)
    for user in (people.worker, people.director):
        with pytest.raises(PermissionDenied):
            services.incident_acknowledge(incident=incident, by=user)
    client.force_login(people.other_supervisor)
    url = reverse("requests:incident_acknowledge", args=[incident.pk])
    assert client.post(url, {}).status_code == 404
    client.force_login(people.worker)
    assert client.post(url, {}).status_code == 403


def test_elapsed_time_is_shown_from_discovery_and_from_submission(client, people):
    submitted = timezone.now() - 3 * HOUR
    incident = report_loss(people, now=submitted, discovered_at=submitted - 2 * HOUR)
    services.incident_acknowledge(
        incident=incident, by=people.supervisor, now=submitted + 30 * datetime.timedelta(minutes=1)
    )
    client.force_login(people.worker)
    page = client.get(reverse("requests:incident_detail", args=[incident.pk])).content.decode()
    assert "2 h after discovery" in page
    assert "30 min after submission" in page
    # The timeline's acknowledgement row: 2 h 30 min after discovery, 30 min after submission.
    assert "2 h 30 min" in page


# ---- the breach chain ----


def test_a_breach_report_goes_to_the_agency_legal_director_at_once(client, people):
    mine = DisclosureRequestFactory(requester=people.worker)
    client.force_login(people.worker)
    response = client.post(
        reverse("requests:incident_new_breach"),
        {
            "description": "Notes sent to the wrong provider",
            "discovered_at": local_input(timezone.now() - HOUR),
            "staff_involved": "A caseworker",
            "clients": [str(people.child.pk)],
            "request_references": mine.reference,
            "submission_token": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.kind == "breach"
    assert list(incident.disclosure_requests.all()) == [mine]
    assert incident.steps.filter(kind="legal_director_notified", recipient=people.director).exists()
    note = Notification.objects.get(user=people.director)
    assert note.subject == f"A breach report {incident.reference} needs your attention"
    email = OutboundEmail.objects.get(to=[people.director.email])
    assert_no_client_name(people, note.body, email.subject, email.body)
    # The supervisor is not in the breach chain.
    assert not Notification.objects.filter(user=people.supervisor).exists()
    client.force_login(people.director)
    page = client.get(reverse("requests:incident_detail", args=[incident.pk])).content.decode()
    assert mine.reference in page


def test_only_the_reporters_own_requests_can_be_linked(client, people):
    theirs = DisclosureRequestFactory(requester=people.colleague)
    client.force_login(people.worker)
    data = {
        "description": "What I saw",
        "discovered_at": local_input(timezone.now() - HOUR),
        "clients_unknown": "on",
        "request_references": f"{theirs.reference}, DR-999999",
        "submission_token": str(uuid.uuid4()),
    }
    response = client.post(reverse("requests:incident_new_breach"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Disclosure requests involved" in page
    assert f"Not one of your disclosure requests: {theirs.reference}, DR-999999." in page
    assert "What I saw" in page  # the typed values come back
    assert not Incident.objects.exists()
    with pytest.raises(PermissionDenied):
        report_breach(people, requests=[theirs])


def test_the_legal_director_notifies_the_commissioner_and_hr_in_one_action(client, people):
    incident = report_breach(people)
    client.force_login(people.director)
    url = reverse("requests:incident_notify_leadership", args=[incident.pk])
    refused = client.post(url, {"notify-note": "Urgent"})
    assert refused.status_code == 400
    assert "Confirm before notifying them." in refused.content.decode()
    assert not Notification.objects.filter(user=people.commissioner).exists()

    assert client.post(url, {"notify-note": "Urgent", "notify-confirm": "on"}).status_code == 302
    incident.refresh_from_db()
    assert incident.commissioner_notified_at and incident.hr_director_notified_at
    assert incident.leadership_notified_by == people.director
    assert incident.acknowledged_by == people.director  # notifying acknowledges
    commissioner_step = incident.steps.get(kind="commissioner_notified")
    hr_step = incident.steps.get(kind="hr_director_notified")
    assert commissioner_step.recipient == people.commissioner
    assert commissioner_step.at == incident.commissioner_notified_at
    assert hr_step.recipient == people.hr and hr_step.at == incident.hr_director_notified_at
    for user in (people.commissioner, people.hr):
        note = Notification.objects.get(user=user)
        assert incident.reference in note.subject
        assert_no_client_name(people, note.body)
        assert OutboundEmail.objects.filter(to=[user.email]).exists()
    with pytest.raises(services.IncidentUnavailable):
        services.incident_notify_leadership(incident=incident, by=people.director)


def test_notifying_needs_a_commissioner_and_an_hr_director_on_record(people):
    people.hr.groups.clear()
    incident = report_breach(people)
    with pytest.raises(ValidationError, match="Director of Human Resources"):
        services.incident_notify_leadership(incident=incident, by=people.director)
    incident.refresh_from_db()
    assert incident.commissioner_notified_at is None
    assert not Notification.objects.filter(user=people.commissioner).exists()


def test_only_the_legal_director_notifies_or_closes_a_breach(people):
    incident = report_breach(people)
    for user in (people.worker, people.supervisor, people.commissioner):
        with pytest.raises(PermissionDenied):
            services.incident_notify_leadership(incident=incident, by=user)
    services.incident_acknowledge(incident=incident, by=people.director)
    with pytest.raises(PermissionDenied):  # not before the Commissioner and HR are notified
        services.incident_close(incident=incident, by=people.director, note="Done")
    services.incident_notify_leadership(incident=incident, by=people.director)
    services.incident_close(incident=incident, by=people.director, note="Training given")
    incident.refresh_from_db()
    assert incident.closed_by == people.director
    assert incident.steps.filter(kind="closed").exists()


# ---- escalation from a loss to a breach ----


def test_the_supervisor_escalates_a_loss_to_a_breach_report(client, people):
    loss = report_loss(people)
    client.force_login(people.supervisor)
    url = reverse("requests:incident_escalate", args=[loss.pk])
    refused = client.post(url, {"escalate-reason": "Unencrypted case files"})
    assert refused.status_code == 400
    assert "Confirm before escalating to a breach report." in refused.content.decode()
    assert not Incident.objects.filter(kind="breach").exists()

    response = client.post(
        url, {"escalate-reason": "Unencrypted case files", "escalate-confirm": "on"}
    )
    breach = Incident.objects.get(kind="breach")
    assert response["Location"] == reverse("requests:incident_detail", args=[breach.pk])
    assert breach.escalated_from == loss
    assert breach.reporter == people.supervisor
    assert breach.discovered_at == loss.discovered_at
    assert list(breach.clients.all()) == [people.child]
    assert breach.escalation_reason == "Unencrypted case files"
    assert breach.steps.filter(kind="opened_from_loss").exists()
    assert breach.steps.filter(kind="legal_director_notified", recipient=people.director).exists()
    assert Notification.objects.filter(
        user=people.director, subject__contains=breach.reference
    ).exists()
    loss.refresh_from_db()
    assert loss.acknowledged_by == people.supervisor  # escalating acknowledges the loss
    assert loss.steps.filter(kind="escalated", detail__contains=breach.reference).exists()
    with pytest.raises(services.IncidentUnavailable):
        services.incident_escalate(incident=loss, by=people.supervisor, reason="Again")
    page = client.get(reverse("requests:incident_detail", args=[loss.pk])).content.decode()
    assert "Escalated to breach report" in page and breach.reference in page


def test_the_legal_director_may_escalate_a_loss_and_has_it_in_hand(people):
    loss = report_loss(people)
    breach = services.incident_escalate(incident=loss, by=people.director, reason="Breach")
    assert breach.acknowledged_by == people.director
    assert breach.reporter == people.director


def test_the_reporter_cannot_escalate_their_own_loss(client, people):
    loss = report_loss(people)
    with pytest.raises(PermissionDenied):
        services.incident_escalate(incident=loss, by=people.worker, reason="x")
    client.force_login(people.worker)
    url = reverse("requests:incident_escalate", args=[loss.pk])
    response = client.post(url, {"escalate-reason": "x", "escalate-confirm": "on"})
    assert response.status_code == 403
    assert (
        "Escalate to a breach report"
        not in client.get(reverse("requests:incident_detail", args=[loss.pk])).content.decode()
    )


def test_an_escalation_needs_a_reason(people):
    loss = report_loss(people)
    with pytest.raises(ValidationError):
        services.incident_escalate(incident=loss, by=people.supervisor, reason="  ")
    assert not Incident.objects.filter(kind="breach").exists()


# ---- reminders ----


def reminders(at: datetime.datetime) -> str:
    out = io.StringIO()
    call_command("send_incident_reminders", "--at", at.isoformat(), stdout=out)
    return out.getvalue()


def test_an_unacknowledged_loss_is_flagged_and_its_supervisor_reminded_once(
    client, people, settings
):
    settings.INCIDENT_ACK_HOURS = 4
    submitted = timezone.now() - 5 * HOUR
    loss = report_loss(people, now=submitted, discovered_at=submitted - HOUR)
    assert reminders(submitted + 3 * HOUR).startswith("0 ")
    assert reminders(submitted + 5 * HOUR).startswith("1 ")
    reminded = Notification.objects.filter(user=people.supervisor, subject__startswith="Reminder")
    assert reminded.count() == 1
    email = OutboundEmail.objects.get(dedupe_key=f"incident-reminder:{loss.pk}:acknowledge")
    assert email.to == [people.supervisor.email]
    assert loss.reference in email.subject
    assert_no_client_name(people, email.subject, email.body)
    assert reminders(submitted + 6 * HOUR).startswith("0 ")
    assert reminders(submitted + 30 * HOUR).startswith("0 ")
    assert reminded.count() == 1
    assert loss.steps.filter(kind="reminder").count() == 1

    client.force_login(people.supervisor)
    page = client.get(reverse("requests:incident_detail", args=[loss.pk])).content.decode()
    assert "Overdue" in page and "Not acknowledged" in page


def test_a_breach_is_reminded_once_per_stage(people, settings):
    settings.INCIDENT_ACK_HOURS = 4
    submitted = timezone.now() - 20 * HOUR
    breach = report_breach(people, now=submitted)
    assert reminders(submitted + 5 * HOUR).startswith("1 ")
    services.incident_acknowledge(incident=breach, by=people.director, now=submitted + 6 * HOUR)
    assert reminders(submitted + 7 * HOUR).startswith("0 ")  # the notice stage has its own clock
    assert reminders(submitted + 11 * HOUR).startswith("1 ")
    assert reminders(submitted + 12 * HOUR).startswith("0 ")
    stages = set(breach.steps.filter(kind="reminder").values_list("stage", flat=True))
    assert stages == {"acknowledge", "notify"}
    subjects = Notification.objects.filter(
        user=people.director, subject__startswith="Reminder"
    ).values_list("subject", flat=True)
    assert len(subjects) == 2
    assert any("Commissioner and HR" in s for s in subjects)
    services.incident_notify_leadership(incident=breach, by=people.director)
    assert reminders(submitted + 19 * HOUR).startswith("0 ")


def test_a_supervisor_who_joins_the_unit_later_is_reminded_and_may_then_act(
    client, people, settings
):
    settings.INCIDENT_ACK_HOURS = 4
    lonely_unit = WorkUnitFactory()
    reporter = StaffFactory(unit=lonely_unit).user
    submitted = timezone.now() - 6 * HOUR
    loss = report_loss(people, reporter=reporter, clients=[], clients_unknown=True, now=submitted)
    newcomer = StaffFactory(unit=lonely_unit, user__duties=["supervisor"]).user
    client.force_login(newcomer)
    url = reverse("requests:incident_detail", args=[loss.pk])
    assert client.get(url).status_code == 404
    assert reminders(timezone.now()).startswith("1 ")
    assert loss.steps.filter(kind="unit_supervisor_notified", recipient=newcomer).exists()
    assert Notification.objects.filter(user=newcomer, subject__startswith="Reminder").exists()
    assert client.get(url).status_code == 200
    services.incident_acknowledge(incident=loss, by=newcomer)


def test_acknowledged_and_closed_reports_are_not_reminded(people, settings):
    settings.INCIDENT_ACK_HOURS = 1
    submitted = timezone.now() - 5 * HOUR
    loss = report_loss(people, now=submitted, discovered_at=submitted - HOUR)
    services.incident_acknowledge(incident=loss, by=people.supervisor, now=submitted)
    assert reminders(timezone.now()).startswith("0 ")


# ---- who sees what ----

LOSS_READERS = {
    "worker": 200,
    "supervisor": 200,
    "director": 200,
    "colleague": 404,
    "other_supervisor": 404,
    "commissioner": 404,
    "hr": 404,
    "lawyer": 404,
}
BREACH_READERS_BEFORE_NOTICE = {
    "worker": 200,
    "director": 200,
    "supervisor": 404,
    "colleague": 404,
    "other_supervisor": 404,
    "commissioner": 404,
    "hr": 404,
    "lawyer": 404,
}


@pytest.mark.parametrize(("who", "status"), LOSS_READERS.items(), ids=LOSS_READERS)
def test_who_may_read_a_loss_report(client, people, who, status):
    loss = report_loss(people)
    client.force_login(getattr(people, who))
    assert client.get(reverse("requests:incident_detail", args=[loss.pk])).status_code == status
    assert client.get(reverse("requests:incident_pdf", args=[loss.pk])).status_code == status


@pytest.mark.parametrize(
    ("who", "status"), BREACH_READERS_BEFORE_NOTICE.items(), ids=BREACH_READERS_BEFORE_NOTICE
)
def test_who_may_read_a_breach_report_before_the_notice(client, people, who, status):
    breach = report_breach(people)
    client.force_login(getattr(people, who))
    url = reverse("requests:incident_detail", args=[breach.pk])
    assert client.get(url).status_code == status


@pytest.mark.parametrize("who", ["commissioner", "hr"])
def test_the_commissioner_and_hr_read_the_breaches_notified_to_them(client, people, who):
    notified, other = report_breach(people), report_breach(people)
    services.incident_notify_leadership(incident=notified, by=people.director)
    client.force_login(getattr(people, who))
    assert client.get(reverse("requests:incident_detail", args=[notified.pk])).status_code == 200
    assert client.get(reverse("requests:incident_detail", args=[other.pk])).status_code == 404
    listing = client.get(reverse("requests:incident_list")).content.decode()
    assert notified.reference in listing and other.reference not in listing


def test_a_supervisor_reads_a_supervisees_loss_but_not_their_breach(client, people):
    loss, breach = report_loss(people), report_breach(people)
    client.force_login(people.supervisor)
    listing = client.get(reverse("requests:incident_list")).content.decode()
    assert loss.reference in listing and breach.reference not in listing
    assert client.get(reverse("requests:incident_detail", args=[breach.pk])).status_code == 404


def test_only_the_reporter_sees_the_confirmation_page(client, people):
    loss = report_loss(people)
    client.force_login(people.supervisor)
    assert client.get(reverse("requests:incident_submitted", args=[loss.pk])).status_code == 404


def test_only_staff_members_report(client, people):
    from tests.factories import UserFactory

    outsider = UserFactory()
    client.force_login(outsider)
    assert client.get(reverse("requests:incident_new_loss")).status_code == 403
    assert client.get(reverse("requests:incident_new_breach")).status_code == 403
    with pytest.raises(PermissionDenied):
        report_loss(people, reporter=outsider, clients=[], clients_unknown=True)


def test_affected_clients_must_be_on_the_reporters_caseload(client, people):
    stranger = CaseFactory().clients.get()
    client.force_login(people.worker)
    response = client.post(
        reverse("requests:incident_new_loss"), loss_post(people, clients=[str(stranger.pk)])
    )
    assert response.status_code == 400
    assert not Incident.objects.exists()
    with pytest.raises(PermissionDenied):
        report_loss(people, clients=[stranger])


# ---- audit ----


def test_every_read_and_change_of_a_report_is_audited_without_client_names(client, people):
    """Every event names the report, never a client's name; a read of the report (its page, its
    PDF, which show the clients) names the clients by id, so their "who looked" lists it."""
    loss = report_loss(people)
    created = AccessEvent.objects.get(object_type="Incident", action="create")
    assert created.user == people.worker and created.client is None
    assert created.detail == f"{loss.reference} loss report"
    client.force_login(people.supervisor)
    client.get(reverse("requests:incident_detail", args=[loss.pk]))
    client.get(reverse("requests:incident_pdf", args=[loss.pk]))
    client.post(reverse("requests:incident_acknowledge", args=[loss.pk]), {})
    events = AccessEvent.objects.filter(object_type="Incident", object_id=str(loss.pk))
    actions = list(events.order_by("id").values_list("action", flat=True))
    assert actions == ["create", "view", "print", "acknowledge"]
    for event in events:
        shown = people.child.pk if event.action in ("view", "print") else None
        assert event.client_id == shown
        assert event.detail.startswith(loss.reference)
        assert_no_client_name(people, event.detail)


# ---- forms ----


def test_a_lost_device_needs_its_asset_tag_and_value_and_typed_values_come_back(client, people):
    client.force_login(people.worker)
    data = loss_post(people, asset_tag="", equipment_value="", description="Grey ThinkPad")
    response = client.post(reverse("requests:incident_new_loss"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Asset tag number</a>: Give the asset tag of the lost equipment." in page
    assert "Give the value of the lost equipment." in page
    assert "Grey ThinkPad" in page
    assert re.search(r'name="security_adequate" value="yes"[^>]*checked', page)
    assert re.search(r'name="items_lost" value="laptop"[^>]*checked', page)


def test_paper_records_need_no_asset_tag(client, people):
    client.force_login(people.worker)
    data = loss_post(people, items_lost=["hard_copy"], asset_tag="", equipment_value="")
    assert client.post(reverse("requests:incident_new_loss"), data).status_code == 302


def test_a_late_report_needs_the_reason_for_the_delay(client, people, settings):
    settings.INCIDENT_ACK_HOURS = 4
    client.force_login(people.worker)
    late = local_input(timezone.now() - 2 * datetime.timedelta(days=1))
    url = reverse("requests:incident_new_loss")
    response = client.post(url, loss_post(people, discovered_at=late))
    assert response.status_code == 400
    assert "give the reason for the delay" in response.content.decode()
    ok = client.post(url, loss_post(people, discovered_at=late, delay_reason="On leave"))
    assert ok.status_code == 302


def test_a_report_names_clients_or_says_they_are_not_known(client, people):
    client.force_login(people.worker)
    response = client.post(reverse("requests:incident_new_loss"), loss_post(people, clients=[]))
    assert response.status_code == 400
    assert "or tick that it is not known" in response.content.decode()


def test_a_discovery_in_the_future_is_refused(client, people):
    client.force_login(people.worker)
    future = local_input(timezone.now() + 3 * HOUR)
    response = client.post(
        reverse("requests:incident_new_loss"), loss_post(people, discovered_at=future)
    )
    assert response.status_code == 400
    assert "This is in the future." in response.content.decode()


def test_a_double_submit_makes_one_report(client, people):
    client.force_login(people.worker)
    data = loss_post(people)
    first = client.post(reverse("requests:incident_new_loss"), data)
    second = client.post(reverse("requests:incident_new_loss"), data)
    assert first["Location"] == second["Location"]
    assert Incident.objects.count() == 1
    assert Notification.objects.filter(user=people.supervisor).count() == 1


def test_closing_needs_a_note_and_a_confirmation(client, people):
    loss = report_loss(people)
    services.incident_acknowledge(incident=loss, by=people.supervisor)
    client.force_login(people.supervisor)
    url = reverse("requests:incident_close", args=[loss.pk])
    refused = client.post(url, {"close-note": ""})
    assert refused.status_code == 400
    assert "Say how the report was resolved." in refused.content.decode()
    assert (
        client.post(url, {"close-note": "Laptop wiped", "close-confirm": "on"}).status_code == 302
    )
    loss.refresh_from_db()
    assert loss.closed_at is not None
    assert Notification.objects.filter(user=people.worker, subject__contains="closed").exists()


# ---- list, home page, PDF ----


def _count(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("who", ["director", "supervisor"])
def test_the_list_costs_a_fixed_number_of_queries(client, people, who):
    LossReportFactory(reporter=people.worker)
    client.force_login(getattr(people, who))
    url = reverse("requests:incident_list")
    few = _count(client, url)
    for _ in range(7):
        LossReportFactory(reporter=people.worker, unit=people.unit)
    assert _count(client, url) == few
    assert _count(client, url, state="all", kind="loss") == few


def test_the_list_is_paginated_filtered_and_flags_overdue_reports(client, people, settings):
    settings.INCIDENT_ACK_HOURS = 4
    old = timezone.now() - 10 * HOUR
    overdue = LossReportFactory(reporter=people.worker, submitted_at=old)
    for _ in range(25):
        LossReportFactory(reporter=people.worker)
    client.force_login(people.worker)
    url = reverse("requests:incident_list")
    first = client.get(url).content.decode()
    assert "Page 1 of 2" in first
    only_overdue = client.get(url, {"state": "overdue"}).content.decode()
    assert overdue.reference in only_overdue and "Overdue" in only_overdue
    assert only_overdue.count('<tr class="incident-overdue">') == 1
    assert "Page 1 of" not in only_overdue


def test_the_list_says_when_there_is_nothing(client, people):
    client.force_login(people.colleague)
    page = client.get(reverse("requests:incident_list")).content.decode()
    assert "No open reports." in page


def test_the_legal_directors_home_lists_open_reports_with_time_to_notify_and_overdue(
    client, people, settings
):
    settings.INCIDENT_ACK_HOURS = 4
    late = report_breach(people, now=timezone.now() - 8 * HOUR)
    done = report_breach(people, now=timezone.now() - 3 * HOUR)
    services.incident_notify_leadership(
        incident=done, by=people.director, now=timezone.now() - 2 * HOUR
    )
    client.force_login(people.director)
    page = client.get(reverse("home")).content.decode()
    assert late.reference in page and done.reference in page
    assert "2 open" in page and "1 overdue" in page
    assert "<td>1 h</td>" in page  # done: notified an hour after submission
    assert "Not yet (8 h so far)" in page
    assert "No breach reports have been addressed to you." not in page
    client.force_login(people.commissioner)
    page = client.get(reverse("home")).content.decode()
    assert done.reference in page and late.reference not in page


def test_the_home_page_of_a_worker_has_no_incident_list(client, people):
    report_loss(people)
    client.force_login(people.worker)
    page = client.get(reverse("home")).content.decode()
    assert "incidents-heading" not in page
    assert "Report a loss or breach" in page  # the navigation link


def test_the_printed_loss_report_holds_the_loss_report_fields_and_no_client_name(client, people):
    loss = report_loss(people)
    services.incident_acknowledge(incident=loss, by=people.supervisor)
    client.force_login(people.worker)
    response = client.get(reverse("requests:incident_pdf", args=[loss.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    content = b"".join(response.streaming_content)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    for expected in (
        loss.reference,
        "Policy 12-16",
        "CT-004411",
        "1200.00",
        "Stolen",
        "Date of discovery",
        "Reason for any delay",
        "Steps to prevent recurrence",
        "Was security adequate?",
        people.supervisor.get_full_name(),
        "1 client",
    ):
        assert expected in text, expected
    assert people.child.last_name not in text


def test_a_breach_report_has_no_loss_report_pdf(client, people):
    breach = BreachReportFactory(reporter=people.worker)
    client.force_login(people.worker)
    assert client.get(reverse("requests:incident_pdf", args=[breach.pk])).status_code == 404


def test_reminder_steps_are_unique_per_stage_in_the_database(people):
    loss = report_loss(people)
    now = timezone.now()
    IncidentStep.objects.create(
        incident=loss, kind=IncidentStepKind.REMINDER, at=now, stage="acknowledge"
    )
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        IncidentStep.objects.create(
            incident=loss, kind=IncidentStepKind.REMINDER, at=now, stage="acknowledge"
        )
