"""Who may sign a release, and a release's dates (README: "Who signed a release", "A release's
dates"): the release forms refuse a minor client as the signer and a parent for an adult client;
a release's dates make sense together in the forms, the database and the engine's facts; a signed
release's wrong date is corrected by whoever prepared it, with a reason kept in its history."""

import datetime
import importlib
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from forms_app import services
from forms_app.choices import ReleaseStatus, SignerKind
from forms_app.models import ReleaseAuthorization
from requests_app import adapters
from requests_app.choices import RecipientKind, RelationKind
from requests_app.management.demo import seed_demo
from requests_app.models import AccessEvent, DisclosureRequest
from requests_app.services.casework import assignment_create
from requests_app.services.requests import request_submit
from tests.factories import (
    CaseFactory,
    ClientFactory,
    RelationFactory,
    ReleaseFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MINOR_SIGNS = (
    "cannot sign a release: a parent, guardian or other authorized representative of record "
    "must sign."
)


def fresh(user):
    """guardian caches permissions on the user object: read it again."""
    return get_user_model().objects.get(pk=user.pk)


def years_before(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year - years)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def worker():
    return StaffFactory(user__first_name="Maria", user__last_name="Lopez").user


def client_of(worker, *, born: datetime.date, emancipated_on: datetime.date | None = None):
    """A client on a case `worker` is assigned to."""
    person = ClientFactory(date_of_birth=born, emancipated_on=emancipated_on)
    case = CaseFactory(clients=[person])
    assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
    return person


@pytest.fixture
def child(worker, today):
    """A client of 12."""
    return client_of(worker, born=years_before(today, 12))


@pytest.fixture
def adult(worker, today):
    return client_of(worker, born=years_before(today, 30))


@pytest.fixture
def signed_in(client, worker, child, adult):
    client.force_login(fresh(worker))
    return client


def form_data(today, **overrides):
    data = {
        "form": "DCF-2131F",
        "counterparty_name": "Dr. Ana Ruiz",
        "counterparty_organization": "Hartford Pediatrics",
        "counterparty_address": "1 Main Street, Hartford, CT 06103",
        "categories": ["case_record"],
        "information_description": "",
        "information_from": "",
        "information_to": "",
        "purpose": "Coordinating care",
        "effective_on": today.isoformat(),
        "expires_on": (today + 90 * DAY).isoformat(),
        "expiry_event": "",
        "signer_kind": "client",
        "signer_relation": "",
        "signer_relationship": "",
        "signer_authority": "",
    }
    return {**data, **overrides}


def parent_signs(parent, **overrides):
    return {
        "signer_kind": "authorized_representative",
        "signer_relation": str(parent.pk),
        "signer_relationship": "Mother",
        "signer_authority": "Parent of a minor",
        **overrides,
    }


def printed(worker, person, *, signer=None, days_ago=2, **fields):
    """A release printed for signature `days_ago` days ago (by the factory: the capture form
    checks the signer on the day it is prepared)."""
    today = timezone.localdate()
    values = {
        "signed_on": None,
        "effective_on": today,
        "expires_on": today + 90 * DAY,
        "ready_for_signature_at": timezone.now() - days_ago * DAY,
        "prepared_by": worker,
        "client": person,
        **fields,
    }
    if signer is None:
        values.update(
            signer_kind=SignerKind.CLIENT,
            signer_relation=None,
            signer_relationship="",
            signer_authority="",
        )
    else:
        values.update(
            signer_kind=SignerKind.AUTHORIZED_REPRESENTATIVE,
            signer_relation=signer,
            signer_name=signer.full_name,
            signer_relationship="Mother",
            signer_authority="Parent of a minor",
        )
    return ReleaseFactory(**values)


def sign(worker, release, signed_on):
    return services.release_sign(
        release=release,
        actor=fresh(worker),
        signed_on=signed_on,
        scan=SimpleUploadedFile("scan.png", PNG),
        read_right_to_revoke=True,
        read_services_not_conditioned=True,
        read_redisclosure_warning=True,
        copy_given_to_signer=True,
    )


# ---- who may sign ------------------------------------------------------------------------------


def test_the_capture_form_refuses_a_minor_client_as_the_signer(signed_in, child, today):
    response = signed_in.post(reverse("forms:create", args=[child.pk]), form_data(today))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "The client is a minor (under 18 and not emancipated)" in errors["signer_kind"][0]
    assert MINOR_SIGNS in errors["signer_kind"][0]
    assert 'value="Dr. Ana Ruiz"' in response.content.decode(), "what was typed is kept"
    assert not ReleaseAuthorization.objects.exists()


def test_a_parent_signs_for_a_minor_client(signed_in, child, today):
    mother = RelationFactory(client=child, full_name="Rosa Ruiz")
    data = form_data(today, **parent_signs(mother))
    response = signed_in.post(reverse("forms:create", args=[child.pk]), data)
    assert response.status_code == 302
    release = ReleaseAuthorization.objects.get(client=child)
    assert (release.signer_kind, release.signer_name) == ("authorized_representative", "Rosa Ruiz")


def test_the_capture_form_says_who_signs_for_a_minor(signed_in, child, adult):
    form = signed_in.get(reverse("forms:create", args=[child.pk])).context["form"]
    assert form.initial["signer_kind"] == "authorized_representative"
    assert "The client is a minor" in form.fields["signer_kind"].help_text
    form = signed_in.get(reverse("forms:create", args=[adult.pk])).context["form"]
    assert form.initial["signer_kind"] == "client"
    assert not form.fields["signer_kind"].help_text


def test_an_emancipated_minor_signs_their_own_release(signed_in, worker, today):
    emancipated = client_of(worker, born=years_before(today, 17), emancipated_on=today - 30 * DAY)
    response = signed_in.post(reverse("forms:create", args=[emancipated.pk]), form_data(today))
    assert response.status_code == 302
    release = ReleaseAuthorization.objects.get(client=emancipated)
    assert release.signer_kind == SignerKind.CLIENT


def test_a_parent_cannot_sign_for_an_emancipated_minor(signed_in, worker, today):
    emancipated = client_of(worker, born=years_before(today, 17), emancipated_on=today - 30 * DAY)
    mother = RelationFactory(client=emancipated, full_name="Rosa Ruiz")
    data = form_data(today, **parent_signs(mother))
    response = signed_in.post(reverse("forms:create", args=[emancipated.pk]), data)
    assert response.status_code == 200
    assert (
        "The client is an adult, so Rosa Ruiz cannot sign as a parent"
        in (response.context["form"].errors["signer_relation"][0])
    )


def test_signing_refuses_a_client_who_was_a_minor_on_the_date_signed(worker, child, today):
    release = printed(worker, child)
    with pytest.raises(ValidationError) as refused:
        sign(worker, release, today)
    message = " ".join(refused.value.messages)
    assert "The client was a minor (under 18 and not emancipated)" in message
    assert MINOR_SIGNS in message
    release.refresh_from_db()
    assert release.signed_on is None


def test_signing_refuses_a_parent_once_the_client_was_emancipated(worker, today):
    person = client_of(worker, born=years_before(today, 17))
    mother = RelationFactory(client=person, full_name="Rosa Ruiz")
    release = printed(worker, person, signer=mother)
    person.emancipated_on = today - DAY  # the court's order arrives with the next import
    person.save()
    with pytest.raises(ValidationError, match="The client is an adult, so Rosa Ruiz cannot sign"):
        sign(worker, release, today)


def test_signing_refuses_a_parent_for_a_client_who_turned_18_before_the_date_signed(worker, today):
    person = client_of(worker, born=years_before(today, 18))  # 18 today
    mother = RelationFactory(client=person, full_name="Rosa Ruiz")
    release = printed(worker, person, signer=mother)
    with pytest.raises(ValidationError, match="The client is an adult"):
        sign(worker, release, today)
    assert sign(worker, release, today - DAY).signed_on == today - DAY, "17 the day before"


# ---- the engine's facts ------------------------------------------------------------------------


def third_party_request(worker, person, release):
    return request_submit(
        requester=fresh(worker),
        draft=DisclosureRequest(
            client=person,
            case=person.cases.get(),
            recipient_kind=RecipientKind.THIRD_PARTY,
            recipient_name=release.counterparty_name,
            release=release,
            categories=["case_record"],
            media=["email"],
            mode="documentary",
            purpose="Coordinating care",
        ),
        submission_token=uuid.uuid4(),
    )


def test_a_request_relying_on_a_release_a_minor_client_signed_is_escalated(worker, today):
    """The issue's case: a release signed by a ten-year-old permitted a request at once."""
    person = client_of(worker, born=years_before(today, 10))
    release = ReleaseFactory(
        client=person,
        signer_kind=SignerKind.CLIENT,
        signer_relation=None,
        signed_on=today - 30 * DAY,
    )
    request = third_party_request(worker, person, release)
    assert request.status == "escalated"
    decision = request.decisions.get()
    assert [r["code"] for r in decision.reasons] == ["release_signer_minor", "recipient_not_listed"]
    assert decision.facts["release"]["signer_was_minor"] is True


def test_a_release_a_parent_signed_for_a_minor_permits(worker, today):
    person = client_of(worker, born=years_before(today, 10))
    mother = RelationFactory(client=person, full_name="Rosa Ruiz")
    release = ReleaseFactory(
        client=person,
        signer_kind=SignerKind.AUTHORIZED_REPRESENTATIVE,
        signer_relation=mother,
        signed_on=today - 30 * DAY,
    )
    request = third_party_request(worker, person, release)
    assert request.status == "permitted"
    assert request.decisions.get().facts["release"]["signer_was_minor"] is True


@pytest.mark.parametrize(
    ("age_when_signed", "emancipated", "minor"),
    [(17, False, True), (18, False, False), (17, True, False)],
    ids=["17", "18", "17 and emancipated"],
)
def test_signer_was_minor_comes_from_the_birth_and_emancipation_on_the_signing_date(
    worker, today, age_when_signed, emancipated, minor
):
    signed_on = today - 30 * DAY
    person = client_of(
        worker,
        born=years_before(signed_on, age_when_signed),
        emancipated_on=signed_on - DAY if emancipated else None,
    )
    release = ReleaseFactory(
        client=person, signer_kind=SignerKind.CLIENT, signer_relation=None, signed_on=signed_on
    )
    request = DisclosureRequest(
        client=person,
        case=person.cases.get(),
        requester=worker,
        recipient_kind=RecipientKind.THIRD_PARTY,
        release=release,
        categories=["case_record"],
    )
    facts = adapters.facts_for_request(request, as_of=today)
    assert facts.release is not None
    assert facts.release.signer_was_minor is minor


def test_a_stored_release_expiring_past_the_limit_was_never_valid(worker, adult, today):
    """Recorded before the limit existed (the issue's 9999-12-31): its page says so and the
    engine is told it has no limit in time."""
    release = ReleaseFactory(
        client=adult, signed_on=today - 30 * DAY, expires_on=datetime.date(9999, 12, 31)
    )
    assert release.status_on(today) == ReleaseStatus.DATES_NOT_VALID
    request = third_party_request(worker, adult, release)
    assert request.status == "escalated"
    decision = request.decisions.get()
    assert "release_no_expiration" in [r["code"] for r in decision.reasons]
    assert decision.facts["release"]["expires_on"] is None


def test_the_limit_is_a_setting(worker, adult, today, settings):
    release = ReleaseFactory(client=adult, signed_on=today - DAY, expires_on=today + 100 * DAY)
    assert release.status_on(today) == ReleaseStatus.CURRENT
    settings.RELEASE_MAX_DAYS = 90
    assert release.status_on(today) == ReleaseStatus.DATES_NOT_VALID
    assert third_party_request(worker, adult, release).status == "escalated"


def test_a_release_signed_before_the_clients_birth_is_not_signed(worker, adult, today):
    release = ReleaseFactory(client=adult, signed_on=today - 30 * DAY)
    adult.date_of_birth = today - 20 * DAY  # a corrected birth date in a later import
    adult.save()
    request = DisclosureRequest(
        client=adult,
        case=adult.cases.get(),
        requester=worker,
        recipient_kind=RecipientKind.THIRD_PARTY,
        release=release,
        categories=["case_record"],
    )
    decision = adapters.decide(request, as_of=today)
    assert "release_unsigned" in decision.codes
    assert decision.facts.release is not None and decision.facts.release.signed_on is None


# ---- a release's dates in the forms ------------------------------------------------------------


def test_the_expiry_date_is_at_most_the_limit_after_signing(signed_in, adult, today):
    url = reverse("forms:create", args=[adult.pk])
    page = signed_in.get(url).content.decode()
    assert "at most 365 days after the form is signed" in page, "the form explains the limit"
    data = form_data(today, expires_on=(today + 366 * DAY).isoformat())
    response = signed_in.post(url, data)
    message = response.context["form"].errors["expires_on"][0]
    assert message.startswith("Expiry date: consent is given for a limited time, at most 365")
    assert f"{today + 365 * DAY:%B} {(today + 365 * DAY).day}" in message
    assert not ReleaseAuthorization.objects.exists()
    data = form_data(today, expires_on=(today + 365 * DAY).isoformat())
    assert signed_in.post(url, data).status_code == 302


def test_the_limit_on_the_form_follows_the_setting(signed_in, adult, today, settings):
    settings.RELEASE_MAX_DAYS = 30
    url = reverse("forms:create", args=[adult.pk])
    assert "at most 30 days after the form is signed" in signed_in.get(url).content.decode()
    data = form_data(today, expires_on=(today + 31 * DAY).isoformat())
    assert "expires_on" in signed_in.post(url, data).context["form"].errors


def test_a_far_future_expiry_is_refused_naming_the_field(signed_in, adult, today):
    data = form_data(today, expires_on="9999-12-31")
    response = signed_in.post(reverse("forms:create", args=[adult.pk]), data)
    assert response.context["form"].errors["expires_on"][0].startswith("Expiry date")
    assert not ReleaseAuthorization.objects.exists()


def test_the_effective_date_says_it_follows_the_signature(signed_in, adult):
    form = signed_in.get(reverse("forms:create", args=[adult.pk])).context["form"]
    assert "On or after the day the form is signed" in form.fields["effective_on"].help_text


def test_a_signature_after_the_effective_date_is_refused(signed_in, worker, adult, today):
    release = printed(worker, adult, effective_on=today - DAY, expires_on=today + 90 * DAY)
    data = {
        "signed_on": today.isoformat(),
        "scan": SimpleUploadedFile("scan.png", PNG),
        "read_right_to_revoke": "on",
        "read_services_not_conditioned": "on",
        "read_redisclosure_warning": "on",
        "confirm": "on",
    }
    response = signed_in.post(reverse("forms:sign", args=[release.pk]), data)
    assert response.status_code == 200
    message = response.context["form"].errors["signed_on"][0]
    assert message.startswith("Date signed: the release takes effect on")
    assert "cannot take effect before it is signed" in message
    release.refresh_from_db()
    assert release.signed_on is None


def test_a_signature_making_the_release_run_past_the_limit_is_refused(worker, adult, today):
    release = printed(worker, adult, effective_on=today + 60 * DAY, expires_on=today + 400 * DAY)
    with pytest.raises(ValidationError) as refused:
        sign(worker, release, today)
    message = refused.value.message_dict["signed_on"][0]
    assert message.startswith("Date signed: the release expires on")
    assert "more than 365 days after this date" in message
    release.refresh_from_db()
    assert release.signed_on is None


def test_the_database_refuses_an_effective_date_before_the_signing_date(adult):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReleaseFactory(
            client=adult,
            signed_on=datetime.date(2026, 3, 2),
            effective_on=datetime.date(2026, 3, 1),
            expires_on=datetime.date(2026, 9, 1),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ReleaseFactory(
            client=adult,
            signed_on=datetime.date(2026, 3, 1),
            effective_on=datetime.date(2026, 9, 1),
            expires_on=datetime.date(2026, 9, 1),
        )
    ReleaseFactory(client=adult, signed_on=datetime.date(2026, 3, 1))


def test_the_migration_moves_effective_dates_to_the_signing_date_and_never_fails(
    adult, as_table_owner
):
    """Rows stored before the constraint: those it can fix keep their meaning, others do not
    stop the migration (the constraint then holds for every row written from then on)."""
    migration = importlib.import_module("forms_app.migrations.0007_release_dates")
    fixable = ReleaseFactory(client=adult, signed_on=datetime.date(2026, 3, 1))
    unfixable = ReleaseFactory(client=adult, signed_on=datetime.date(2026, 3, 1))
    with as_table_owner(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks: ALTER may run
        cursor.execute(f"ALTER TABLE {migration.TABLE} DROP CONSTRAINT {migration.NAME}")
        cursor.execute(
            "UPDATE forms_app_releaseauthorization SET effective_on = '2026-02-01' WHERE id = %s",
            [fixable.pk],
        )
        cursor.execute(
            "UPDATE forms_app_releaseauthorization"
            " SET effective_on = '2026-02-01', expires_on = '2026-03-01' WHERE id = %s",
            [unfixable.pk],
        )
        with connection.schema_editor(atomic=False) as editor:
            migration.effective_from_signing(apps, editor)
            migration.add_constraint(apps, editor)
        cursor.execute(
            "SELECT convalidated FROM pg_constraint WHERE conname = %s", [migration.NAME]
        )
        assert cursor.fetchone() == (False,), "added, not validated while a row breaks it"
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    fixable.refresh_from_db()
    assert fixable.effective_on == fixable.signed_on == datetime.date(2026, 3, 1)
    latest = fixable.history.order_by("pgh_id").last()
    assert latest.pgh_context.metadata["reason"] == migration.REASON
    unfixable.refresh_from_db()
    assert unfixable.effective_on == datetime.date(2026, 2, 1)
    assert unfixable.status_on(datetime.date(2026, 3, 1)) == ReleaseStatus.DATES_NOT_VALID
    with pytest.raises(IntegrityError), transaction.atomic():
        ReleaseFactory(
            client=adult,
            signed_on=datetime.date(2026, 3, 2),
            effective_on=datetime.date(2026, 3, 1),
        )


# ---- correcting a signed release's dates -------------------------------------------------------


def signed_release(worker, person, today):
    return ReleaseFactory(
        client=person, prepared_by=worker, signed_on=today - 10 * DAY, expires_on=today + 90 * DAY
    )


def correction(release, **changes):
    data = {
        "signed_on": release.signed_on.isoformat(),
        "effective_on": release.effective_on.isoformat(),
        "expires_on": release.expires_on.isoformat(),
        "reason": "The date signed was typed from the wrong form.",
        "confirm": "on",
    }
    return {
        **data,
        **{k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in changes.items()},
    }


def test_whoever_prepared_a_signed_release_corrects_a_date_with_a_reason(
    signed_in, worker, adult, today
):
    release = signed_release(worker, adult, today)
    detail = reverse("forms:detail", args=[release.pk])
    url = reverse("forms:correct_dates", args=[release.pk])
    assert url in signed_in.get(detail).content.decode()
    assert "Correct the dates" in signed_in.get(url).content.decode()
    data = correction(release, signed_on=today - 12 * DAY, effective_on=today - 12 * DAY)
    response = signed_in.post(url, data)
    assert response.status_code == 302
    release.refresh_from_db()
    assert (release.signed_on, release.effective_on) == (today - 12 * DAY, today - 12 * DAY)
    after = release.history.order_by("pgh_id").last()
    assert after.pgh_context.metadata["reason"] == "The date signed was typed from the wrong form."
    assert after.signed_on == today - 12 * DAY
    event = AccessEvent.objects.get(action="correct")
    assert (event.user, event.object_type, event.object_id) == (
        worker,
        "ReleaseAuthorization",
        str(release.pk),
    )
    assert event.client_id == adult.pk
    assert "Date signed" in event.detail
    page = signed_in.get(detail).content.decode()
    assert "Date corrected" in page and "typed from the wrong form" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reason": "  "}, "reason", "Reason for the correction: say why"),
        ({"confirm": ""}, "confirm", "Confirm the correction"),
        ({}, "signed_on", "these are the dates already recorded"),
        ({"signed_on": "{tomorrow}"}, "signed_on", "cannot be in the future"),
        ({"effective_on": "{eleven_days_ago}"}, "effective_on", "Effective date: a release takes"),
        ({"expires_on": "{in_a_year}"}, "expires_on", "Expiry date: consent is given for a"),
        ({"expires_on": "0001-01-01"}, "expires_on", "Expiry date: enter a date between 1900"),
        (
            {"signed_on": "{before_birth}"},
            "signed_on",
            "cannot be signed before the client's birth",
        ),
    ],
    ids=[
        "no reason",
        "not confirmed",
        "nothing changed",
        "future",
        "effect",
        "limit",
        "year 1",
        "before birth",
    ],
)
def test_a_wrong_correction_names_the_field_and_changes_nothing(
    signed_in, worker, adult, today, changes, field, message
):
    release = signed_release(worker, adult, today)
    days = {
        "tomorrow": today + DAY,
        "eleven_days_ago": today - 11 * DAY,
        "in_a_year": today + 365 * DAY,
        "before_birth": adult.date_of_birth - DAY,
    }
    changes = {
        k: v.format(**{d: x.isoformat() for d, x in days.items()}) for k, v in changes.items()
    }
    data = {k: v for k, v in correction(release, **changes).items() if v != ""}
    response = signed_in.post(reverse("forms:correct_dates", args=[release.pk]), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    release.refresh_from_db()
    assert release.signed_on == today - 10 * DAY
    assert not AccessEvent.objects.filter(action="correct").exists()


def test_only_whoever_prepared_the_release_corrects_its_dates(client, worker, adult, today):
    release = signed_release(worker, adult, today)
    colleague = StaffFactory().user
    assignment_create(case=adult.cases.get(), staff=colleague, starts_on=datetime.date(2025, 1, 1))
    client.force_login(fresh(colleague))
    url = reverse("forms:correct_dates", args=[release.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, correction(release, signed_on=today - 11 * DAY)).status_code == 403
    assert url not in client.get(reverse("forms:detail", args=[release.pk])).content.decode()
    with pytest.raises(PermissionDenied):
        services.release_correct_dates(
            release=release,
            actor=fresh(colleague),
            signed_on=today - 11 * DAY,
            effective_on=today - 11 * DAY,
            expires_on=release.expires_on,
            reason="x",
        )
    client.force_login(fresh(StaffFactory().user))
    assert client.get(url).status_code == 404, "someone who may not see the client"


def test_a_draft_is_changed_on_its_edit_page_not_corrected(signed_in, worker, adult, today):
    draft = ReleaseFactory(client=adult, prepared_by=worker, signed_on=None)
    response = signed_in.get(reverse("forms:correct_dates", args=[draft.pk]), follow=True)
    assert "Only a signed release has its dates corrected" in response.content.decode()


def test_correcting_the_dates_of_a_release_that_was_never_valid(signed_in, worker, adult, today):
    release = ReleaseFactory(
        client=adult,
        prepared_by=worker,
        signed_on=today - 10 * DAY,
        expires_on=datetime.date(9999, 12, 31),
    )
    detail = signed_in.get(reverse("forms:detail", args=[release.pk])).content.decode()
    assert "Dates not valid" in detail and "Correct the wrong date below" in detail
    data = correction(release, expires_on=today + 300 * DAY)
    assert (
        signed_in.post(reverse("forms:correct_dates", args=[release.pk]), data).status_code == 302
    )
    release.refresh_from_db()
    assert release.status_on(today) == ReleaseStatus.CURRENT


# ---- demo data ---------------------------------------------------------------------------------


def test_no_demo_release_is_signed_by_a_minor_client_and_every_one_has_valid_dates(today):
    seed_demo(today=today)
    releases = ReleaseAuthorization.objects.select_related("client", "signer_relation")
    assert releases.exists()
    for release in releases:
        assert release.signed_on is not None
        if release.signer_kind == SignerKind.CLIENT:
            assert not release.client.is_minor_on(release.signed_on), release.number
        else:
            assert release.client.is_minor_on(release.signed_on), release.number
            assert release.signer_relation.kind == RelationKind.PARENT
            assert not release.signer_relation.parental_rights_terminated
        assert release.dates_hold(), release.number
    assert releases.filter(signer_kind=SignerKind.AUTHORIZED_REPRESENTATIVE).exists()
