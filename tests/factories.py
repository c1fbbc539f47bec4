"""factory_boy factories for the portal's models (integration and browser tests)."""

import datetime
import uuid

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from forms_app.choices import ReleaseForm, SignerKind
from forms_app.models import ReleaseAuthorization
from requests_app.choices import (
    AuthorityBasis,
    AuthorityKind,
    DisclosureMode,
    DisclosureRole,
    RecipientKind,
    RelationKind,
    UnitKind,
)
from requests_app.models import (
    Authority,
    AuthorityCited,
    Case,
    CaseMembership,
    Client,
    ClientRelation,
    DisclosureRequest,
    StaffProfile,
    WorkUnit,
)
from requests_app.services.requests import request_submit

TEST_PASSWORD = "correct-horse-battery-staple"


class WorkUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"Area Office {n}")
    kind = UnitKind.AREA_OFFICE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@dcf.example.ct.gov")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def duties(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set([Group.objects.get_or_create(name=d)[0] for d in extracted])
        if create:
            self.save()


class StaffFactory(factory.django.DjangoModelFactory):
    """A staff profile (and its user); `user__duties=[...]` adds duty groups."""

    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory)
    disclosure_role = DisclosureRole.SOCIAL_WORKER
    unit = factory.SubFactory(WorkUnitFactory)


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    client_number = factory.Sequence(lambda n: f"CL-{900000 + n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = datetime.date(2012, 4, 1)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    case_number = factory.Sequence(lambda n: f"C-{900000 + n}")
    opened_on = datetime.date(2025, 1, 1)

    @factory.post_generation
    def clients(self, create, extracted, **kwargs):
        if create:
            for client in extracted or [ClientFactory()]:
                CaseMembership.objects.create(case=self, client=client)


class RelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClientRelation

    client = factory.SubFactory(ClientFactory)
    kind = RelationKind.PARENT
    full_name = factory.Faker("name")


#: The day a release made by `ReleaseFactory` is signed and takes effect, unless told otherwise.
RELEASE_DAY = datetime.date(2026, 1, 1)


class ReleaseFactory(factory.django.DjangoModelFactory):
    """A signed DCF-2131F as the portal accepts one (README, "A release's dates" and "Who
    signed a release"): signed on the day it takes effect (2026-01-01 unless a test gives one of
    the two), for a year unless told otherwise; signed by the client, or, when the client was a
    minor that day, by a parent of record (§17a-28), unless a test names the signer."""

    class Meta:
        model = ReleaseAuthorization

    form = ReleaseForm.FROM_DCF
    number = factory.Sequence(lambda n: f"F-T-{n:05d}")
    client = factory.SubFactory(ClientFactory)
    counterparty_name = "Hartford Pediatrics"
    counterparty_address = "1 Main Street, Hartford, CT"
    categories = factory.LazyFunction(lambda: ["case_record"])
    purpose = "Coordinating care"
    prepared_by = factory.SubFactory(UserFactory)

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        """Dates and signer that go together, from whichever of them the test gave."""
        if "signed_on" not in kwargs:
            kwargs["signed_on"] = kwargs.get("effective_on", RELEASE_DAY)
        kwargs.setdefault("effective_on", kwargs["signed_on"] or RELEASE_DAY)
        start = kwargs["signed_on"] or kwargs["effective_on"]
        kwargs.setdefault("expires_on", start + datetime.timedelta(days=365))
        if "signer_kind" not in kwargs:
            kwargs.update(_release_signer(kwargs["client"], start))
        kwargs.setdefault("signer_name", "The client")
        return kwargs


def _release_signer(client: Client, day: datetime.date) -> dict:
    """The client signs as an adult; for a minor, a parent of record signs."""
    if not client.is_minor_on(day):
        return {"signer_kind": SignerKind.CLIENT}
    # Built, not saved, when the release is built (`ReleaseFactory.build`): its client is unsaved.
    make = RelationFactory if client.pk else RelationFactory.build
    parent = make(client=client, kind=RelationKind.PARENT, full_name="Pat Signer")
    return {
        "signer_kind": SignerKind.AUTHORIZED_REPRESENTATIVE,
        "signer_relation": parent,
        "signer_name": parent.full_name,
        "signer_relationship": "Parent",
        "signer_authority": "Parent of a minor",
    }


class DisclosureRequestFactory(factory.django.DjangoModelFactory):
    """A request to disclose the case record to the client; override the recipient as needed."""

    class Meta:
        model = DisclosureRequest

    requester = factory.SubFactory(UserFactory)
    case = factory.SubFactory(CaseFactory)
    client = factory.LazyAttribute(lambda r: r.case.clients.first())
    recipient_kind = RecipientKind.CLIENT
    categories = factory.LazyFunction(lambda: ["case_record"])
    media = factory.LazyFunction(lambda: ["hard_copy"])
    mode = DisclosureMode.DOCUMENTARY
    purpose = "Case planning meeting"
    consequences_acknowledged_at = factory.LazyFunction(timezone.now)
    submission_token = factory.LazyFunction(uuid.uuid4)
    submitted_at = factory.LazyFunction(timezone.now)


# ---- releases (forms_app) ----


class DraftReleaseFactory(ReleaseFactory):
    """A release prepared but not yet printed for signature."""

    number = factory.Sequence(lambda n: f"D-T-{n:05d}")
    signed_on = None


class ReleasePrintBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "forms_app.ReleasePrintBatch"

    printed_by = factory.SubFactory(UserFactory)
    printed_at = factory.LazyFunction(timezone.now)


class ReleasePrintFactory(factory.django.DjangoModelFactory):
    """One form in a print from the supervisor's queue."""

    class Meta:
        model = "forms_app.ReleasePrint"

    batch = factory.SubFactory(ReleasePrintBatchFactory)
    release = factory.SubFactory(ReleaseFactory)
    printed_by = factory.SelfAttribute("batch.printed_by")
    printed_at = factory.SelfAttribute("batch.printed_at")


# ---- incidents (loss, theft and breach reports) ----


class LossReportFactory(factory.django.DjangoModelFactory):
    """A stolen laptop, reported an hour after discovery. Only the row: build the chain's
    steps through the services (`loss_report_submit`) when a test needs them."""

    class Meta:
        model = "requests_app.Incident"

    kind = "loss"
    reporter = factory.SubFactory(UserFactory)
    submission_token = factory.LazyFunction(uuid.uuid4)
    submitted_at = factory.LazyFunction(timezone.now)
    discovered_at = factory.LazyAttribute(lambda i: i.submitted_at - datetime.timedelta(hours=1))
    description = "State laptop with case notes"
    items_lost = factory.LazyFunction(lambda: ["laptop"])
    loss_cause = "stolen"
    asset_tag = factory.Sequence(lambda n: f"CT-{n:06d}")
    equipment_value = "950.00"
    location = "A parked car, Hartford"
    circumstances = "The car window was broken overnight."
    security_adequate = True
    prevention_steps = "Devices are not left in cars."
    clients_unknown = True


class BreachReportFactory(LossReportFactory):
    """A breach of 31-8-5 reported an hour after it was discovered."""

    kind = "breach"
    description = "Case notes emailed to the wrong address."
    items_lost = factory.LazyFunction(list)
    loss_cause = ""
    asset_tag = ""
    equipment_value = None
    location = ""
    circumstances = ""
    security_adequate = None
    prevention_steps = ""
    staff_involved = "A social worker of the unit."


# ---- the authority an approval cites ----

#: A court order: an authority an approval may cite that needs no other record.
COURT_ORDER_FIELDS = {
    "authority_basis": AuthorityBasis.COURT_ORDER.value,
    "authority_court": "Superior Court for Juvenile Matters at Hartford",
    "authority_docket_number": "H12-CP25-000001-A",
    "authority_order_on": datetime.date(2025, 1, 2),
}


def court_order() -> AuthorityCited:
    """The court order of `COURT_ORDER_FIELDS`, as a service takes it."""
    return AuthorityCited(
        basis=AuthorityBasis.COURT_ORDER.value,
        court=COURT_ORDER_FIELDS["authority_court"],
        docket_number=COURT_ORDER_FIELDS["authority_docket_number"],
        order_on=COURT_ORDER_FIELDS["authority_order_on"],
    )


class AuthorityFactory(factory.django.DjangoModelFactory):
    """A statute of the table of authorities."""

    class Meta:
        model = Authority
        django_get_or_create = ("label",)

    kind = AuthorityKind.WITHOUT_CONSENT
    citation = "Conn. Gen. Stat. §17a-28"
    label = factory.Sequence(lambda n: f"Disclosure without consent to recipient {n}")


def court_order_form(prefix: str = "decision") -> dict[str, str]:
    """The court order of `COURT_ORDER_FIELDS` as the decision form posts it."""
    return {
        f"{prefix}-{name}": str(value.isoformat() if isinstance(value, datetime.date) else value)
        for name, value in COURT_ORDER_FIELDS.items()
    }


def submitted_request(requester, case, **fields) -> DisclosureRequest:
    """A request for the case's (first) client submitted through the service, so the engine
    decides it and every event is written; by default the case record to the client, on paper.
    `fields` override any field of the draft."""
    draft = {
        "client": case.clients.first(),
        "case": case,
        "recipient_kind": RecipientKind.CLIENT,
        "categories": ["case_record"],
        "media": ["hard_copy"],
        "mode": DisclosureMode.DOCUMENTARY,
        "purpose": "Family team meeting",
        **fields,
    }
    return request_submit(
        requester=requester, draft=DisclosureRequest(**draft), submission_token=uuid.uuid4()
    )


def pdf_bytes(*sizes: tuple[float, float]) -> bytes:
    """A PDF of blank pages of the given sizes in points (one US letter page by default)."""
    import io

    import pikepdf

    pdf = pikepdf.new()
    for size in sizes or ((612, 792),):
        pdf.add_blank_page(page_size=size)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def text_pdf(*pages: list[str], rotate: tuple[int, ...] = ()) -> bytes:
    """A PDF of US letter pages, each with lines of text in Helvetica 12 pt from the top-left
    (72, 720), 20 points apart; `rotate` gives pages a /Rotate."""
    import io

    import pikepdf

    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    for index, lines in enumerate(pages):
        shown = " ".join(f"({line}) Tj 0 -20 Td" for line in lines)
        content = f"BT /F1 12 Tf 72 720 Td {shown} ET".encode()
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, 612, 792],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=pdf.make_stream(content),
        )
        if index < len(rotate) and rotate[index]:
            page.Rotate = rotate[index]
        pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
