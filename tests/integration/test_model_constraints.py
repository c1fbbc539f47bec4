"""The database itself refuses data that breaks the portal's invariants."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from forms_app.models import ReleaseAuthorization
from requests_app.choices import RelationKind
from requests_app.models import Case, CaseAssignment, Client, ClientRelation, StaffProfile
from tests.factories import (
    CaseFactory,
    ClientFactory,
    ReleaseFactory,
    StaffFactory,
    UserFactory,
    WorkUnitFactory,
)

pytestmark = pytest.mark.django_db


def _refused(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_client_numbers_are_unique():
    ClientFactory(client_number="CL-1")
    _refused(
        lambda: Client.objects.create(
            client_number="CL-1",
            first_name="A",
            last_name="B",
            date_of_birth=datetime.date(2010, 1, 1),
        )
    )


def test_case_numbers_are_unique():
    CaseFactory(case_number="C-1")
    _refused(lambda: Case.objects.create(case_number="C-1", opened_on=datetime.date(2025, 1, 1)))


def test_a_case_cannot_close_before_it_opened():
    _refused(
        lambda: Case.objects.create(
            case_number="C-2",
            opened_on=datetime.date(2025, 5, 1),
            closed_on=datetime.date(2025, 4, 30),
        )
    )


def test_a_case_may_close_the_day_it_opened():
    case = Case.objects.create(
        case_number="C-3", opened_on=datetime.date(2025, 5, 1), closed_on=datetime.date(2025, 5, 1)
    )
    assert not case.is_open_on(datetime.date(2025, 5, 1))


def test_an_assignment_cannot_end_before_it_starts():
    staff = StaffFactory()
    case = CaseFactory()
    _refused(
        lambda: CaseAssignment.objects.create(
            case=case,
            staff=staff.user,
            starts_on=datetime.date(2025, 5, 2),
            ends_on=datetime.date(2025, 5, 1),
        )
    )


def test_a_release_must_expire_after_it_takes_effect():
    _refused(
        lambda: ReleaseFactory(
            effective_on=datetime.date(2026, 1, 1), expires_on=datetime.date(2026, 1, 1)
        )
    )


def test_a_release_must_cover_some_information():
    _refused(lambda: ReleaseFactory(categories=[]))


def test_release_numbers_are_unique():
    ReleaseFactory(number="F-1")
    _refused(lambda: ReleaseFactory(number="F-1"))


def test_only_a_signed_release_can_be_revoked():
    release = ReleaseFactory(signed_on=None)
    release.revoked_on = datetime.date(2026, 2, 1)
    release.revoked_recorded_by = release.prepared_by
    _refused(release.save)


def test_a_staff_member_has_exactly_one_disclosure_role():
    staff = StaffFactory()
    _refused(
        lambda: StaffProfile.objects.create(
            user=staff.user, disclosure_role="cjts_staff", unit=WorkUnitFactory()
        )
    )


def test_an_unknown_disclosure_role_is_refused():
    _refused(
        lambda: StaffProfile.objects.create(
            user=UserFactory(), disclosure_role="janitor", unit=WorkUnitFactory()
        )
    )


def test_verification_needs_both_who_and_when():
    client = ClientFactory()
    _refused(
        lambda: ClientRelation.objects.create(
            client=client,
            kind=RelationKind.ATTORNEY,
            full_name="X",
            verified_on=datetime.date(2026, 1, 1),
        )
    )


def test_only_a_parent_can_have_parental_rights_terminated():
    client = ClientFactory()
    _refused(
        lambda: ClientRelation.objects.create(
            client=client,
            kind=RelationKind.ATTORNEY,
            full_name="X",
            parental_rights_terminated=True,
        )
    )


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (datetime.date(2025, 12, 31), "draft"),
        (datetime.date(2026, 1, 1), "current"),
        (datetime.date(2027, 1, 1), "current"),
        (datetime.date(2027, 1, 2), "expired"),
    ],
    ids=["before signing", "signed and effective", "last day", "day after expiry"],
)
def test_release_status_is_derived_from_dates(day, status):
    release = ReleaseFactory(signed_on=datetime.date(2026, 1, 1))
    assert release.status_on(day) == status


def test_a_revoked_release_is_revoked_from_the_revocation_date():
    recorder = UserFactory()
    release = ReleaseFactory(revoked_on=datetime.date(2026, 3, 1), revoked_recorded_by=recorder)
    assert release.status_on(datetime.date(2026, 2, 28)) == "current"
    assert release.status_on(datetime.date(2026, 3, 1)) == "revoked"


def test_release_model_has_every_element_a_valid_authorization_needs():
    """policy/NOTES.md lists what a release authorization must hold."""
    names = {f.name for f in ReleaseAuthorization._meta.get_fields()}
    assert {
        "client",
        "form",
        "counterparty_name",
        "counterparty_address",
        "categories",
        "information_from",
        "information_to",
        "purpose",
        "expires_on",
        "expiry_event",
        "signed_on",
        "signer_name",
        "signer_relationship",
        "signer_authority",
        "read_right_to_revoke",
        "read_services_not_conditioned",
        "read_redisclosure_warning",
        "copy_given_to_signer",
        "revoked_on",
    } <= names


def test_minor_or_adult_is_derived_for_a_date():
    client = ClientFactory(date_of_birth=datetime.date(2008, 6, 15))
    assert client.is_minor_on(datetime.date(2026, 6, 14))
    assert not client.is_minor_on(datetime.date(2026, 6, 15))


def test_an_emancipated_minor_is_not_a_minor_from_the_emancipation_date():
    client = ClientFactory(
        date_of_birth=datetime.date(2009, 6, 15), emancipated_on=datetime.date(2026, 3, 1)
    )
    assert client.is_minor_on(datetime.date(2026, 2, 28))
    assert not client.is_minor_on(datetime.date(2026, 3, 1))


def test_a_client_cannot_be_emancipated_before_birth():
    _refused(
        lambda: ClientFactory(
            date_of_birth=datetime.date(2009, 6, 15), emancipated_on=datetime.date(2009, 6, 14)
        )
    )
