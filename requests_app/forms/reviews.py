"""Forms of the Legal Affairs review: queue filters, redaction notes, decisions, assignment."""

import datetime
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from forms_app.models import ReleaseAuthorization
from requests_app import policy
from requests_app.choices import AuthorityBasis, ReviewResolution
from requests_app.dates import day_in_words
from requests_app.forms import Bounded, mark_conditional
from requests_app.models import Authority, AuthorityCited, RedactionNote, Review
from requests_app.models.authority import approval_rule_choices
from requests_app.models.disclosure import APPROVALS
from requests_app.models.limits import LONG, SHORT
from requests_app.selectors.reviews import (
    QueueFilters,
    reviewer_choices,
    reviewers,
    work_units,
)


class QueueFilterForm(forms.Form):
    #: A search: its fields are never marked "(optional)" (templates/_partials/field.html).
    searches = True

    status = forms.ChoiceField(
        required=False,
        choices=[
            ("open", "Open"),
            ("unassigned", "Unassigned"),
            ("claimed", "Claimed"),
            ("decided", "Decided"),
            ("all", "All"),
        ],
    )
    reason = forms.ChoiceField(
        required=False,
        label="Reason",
        choices=[("", "Any reason")] + [(c, policy.reason_label(c)) for c in policy.REASON_CODES],
    )
    unit = forms.ModelChoiceField(required=False, queryset=work_units(), empty_label="Any unit")
    assignee = forms.ChoiceField(required=False, label="Assignee")
    overdue = forms.BooleanField(required=False, label="Overdue only")
    due_soon = forms.BooleanField(required=False, label="Due soon only")
    requester = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assignee = cast(forms.ChoiceField, self.fields["assignee"])
        assignee.choices = [
            ("", "Anyone"),
            ("me", "Me"),
            ("unassigned", "Nobody yet"),
            *reviewer_choices(),
        ]

    def filters(self, search: str) -> QueueFilters:
        data = self.cleaned_data if self.is_valid() else {}
        unit = data.get("unit")
        return QueueFilters(
            reason=data.get("reason") or "",
            unit=unit.pk if unit else None,
            requester=data.get("requester"),
            assignee=data.get("assignee") or "",
            status=data.get("status") or "open",
            overdue=bool(data.get("overdue")),
            due_soon=bool(data.get("due_soon")),
            search=search,
        )


class RedactionNoteForm(Bounded, forms.ModelForm):
    class Meta:
        model = RedactionNote
        fields = ["document", "location", "what", "legal_basis", "legal_basis_other", "note"]
        widgets = {
            "what": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"location": "For example: pages 3-5, section 2."}
        labels = {"legal_basis": "Legal basis for the redaction"}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("legal_basis") == "other" and not (data.get("legal_basis_other") or "").strip():
            self.add_error("legal_basis_other", "Explain the legal basis.")
        return data


DATE = forms.DateInput(attrs={"type": "date"})

#: The authority fields of the decision form, and the basis each belongs to (the page shows
#: only the chosen basis's fields).
AUTHORITY_DETAILS = {
    "authority_rule": AuthorityBasis.RULE,
    "authority_release": AuthorityBasis.RELEASE,
    "authority_statute": AuthorityBasis.STATUTE,
    "authority_court": AuthorityBasis.COURT_ORDER,
    "authority_docket_number": AuthorityBasis.COURT_ORDER,
    "authority_order_on": AuthorityBasis.COURT_ORDER,
    "authority_consent_form": AuthorityBasis.OTHER_CONSENT,
    "authority_consent_signed_on": AuthorityBasis.OTHER_CONSENT,
}


class ReleaseChoiceField(forms.ModelChoiceField):
    """The client's releases, each with its recipient and dates."""

    def label_from_instance(self, obj: ReleaseAuthorization) -> str:
        return (
            f"{obj.number} to {obj.counterparty_name}, in effect "
            f"{day_in_words(obj.effective_on)} to {day_in_words(obj.expires_on)}"
            + (f", revoked {day_in_words(obj.revoked_on)}" if obj.revoked_on else "")
        )


class ReviewDecisionForm(Bounded, forms.Form):
    """The decision on a review. An approval cites its authority: one of a 31-8-5 list rule, a
    current release of the client, a statute of the table of authorities, a court order, or
    consent on another form, with that basis's details; each problem names its field."""

    resolution = forms.ChoiceField(
        label="Decision", choices=ReviewResolution.choices, widget=forms.RadioSelect
    )
    authority_basis = forms.ChoiceField(
        label="Authority",
        required=False,
        choices=[("", "Choose what the approval relies on"), *AuthorityBasis.choices],
        help_text=(
            "Required to approve: what the disclosure relies on. It goes into the client's "
            "accounting of disclosures."
        ),
    )
    authority_rule = forms.ChoiceField(
        label="31-8-5 rule",
        required=False,
        choices=[("", "Choose the rule of the list"), *approval_rule_choices()],
    )
    authority_release = ReleaseChoiceField(
        label="Release",
        required=False,
        queryset=ReleaseAuthorization.objects.none(),
        empty_label="Choose one of the client's DCF-2131F releases",
        help_text="It must be current today.",
    )
    authority_statute = forms.ModelChoiceField(
        label="Statute or regulation",
        required=False,
        queryset=Authority.objects.none(),
        empty_label="Choose from the table of authorities",
    )
    authority_court = forms.CharField(
        label="Court",
        required=False,
        max_length=200,
        help_text="For example: Superior Court for Juvenile Matters at Hartford.",
    )
    authority_docket_number = forms.CharField(label="Docket number", required=False, max_length=60)
    authority_order_on = forms.DateField(label="Date of the order", required=False, widget=DATE)
    authority_consent_form = forms.CharField(
        label="Consent form",
        required=False,
        max_length=60,
        help_text="For example: DCF-2134, the consent to release HIV-related information.",
    )
    authority_consent_signed_on = forms.DateField(
        label="Consent signed on", required=False, widget=DATE
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=LONG,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required for a denial; shown to the requester.",
    )
    legal_basis = forms.CharField(
        label="Legal basis",
        required=False,
        max_length=SHORT,
        help_text="Required for a denial, e.g. Conn. Gen. Stat. §17a-28(b).",
    )
    message = forms.CharField(
        label="Message to the requester",
        required=False,
        max_length=LONG,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when returning for more information.",
    )
    confirm = forms.BooleanField(
        label="I understand the decision is final and the redaction notes are then frozen.",
        error_messages={"required": "Confirm before recording the decision."},
    )

    def __init__(
        self,
        *args: Any,
        client_id: int = 0,
        releases: QuerySet[ReleaseAuthorization] | None = None,
        statutes: QuerySet[Authority] | None = None,
        today: datetime.date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.client_id = client_id
        self.today = today or timezone.localdate()
        if releases is not None:
            cast(forms.ModelChoiceField, self.fields["authority_release"]).queryset = releases
        if statutes is not None:
            cast(forms.ModelChoiceField, self.fields["authority_statute"]).queryset = statutes
        for name in ("authority_basis", *AUTHORITY_DETAILS, "reason", "legal_basis", "message"):
            mark_conditional(self.fields[name])

    def authority_fields(self) -> list[tuple[forms.BoundField, str]]:
        """The details of the authority with the basis each belongs to (for the page)."""
        return [(self[name], basis.value) for name, basis in AUTHORITY_DETAILS.items()]

    def cited_authority(self) -> AuthorityCited | None:
        """The authority the approval cites, as entered (None when no basis is chosen)."""
        data = self.cleaned_data
        basis = data.get("authority_basis") or ""
        if not basis:
            return None
        return AuthorityCited(
            basis=basis,
            rule=data.get("authority_rule") or "",
            release=data.get("authority_release"),
            statute=data.get("authority_statute"),
            court=data.get("authority_court") or "",
            docket_number=data.get("authority_docket_number") or "",
            order_on=data.get("authority_order_on"),
            consent_form=data.get("authority_consent_form") or "",
            consent_signed_on=data.get("authority_consent_signed_on"),
        ).narrowed()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        resolution = data.get("resolution")
        if resolution == ReviewResolution.DENIED:
            if not (data.get("reason") or "").strip():
                self.add_error("reason", "Give the reason for the denial.")
            if not (data.get("legal_basis") or "").strip():
                self.add_error("legal_basis", "Give the legal basis for the denial.")
        if resolution == ReviewResolution.RETURNED and not (data.get("message") or "").strip():
            self.add_error("message", "Tell the requester what more information is needed.")
        if resolution in APPROVALS:
            self._check_authority()
        return data

    def _check_authority(self) -> None:
        """An approval's authority: chosen, and complete for its basis (a field already in
        error keeps its own message)."""
        cited = self.cited_authority()
        if cited is None:
            if "authority_basis" not in self.errors:
                self.add_error("authority_basis", "Authority: choose what the approval relies on.")
            return
        for field, problem in cited.problems(client_id=self.client_id, today=self.today).items():
            if field not in self.errors:
                self.add_error(field, problem)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label="Assign to", queryset=reviewers())
    reviews = forms.ModelMultipleChoiceField(
        queryset=Review.objects.none(), required=False, widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args: Any, reviews_queryset: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assignee = cast(forms.ModelChoiceField, self.fields["assignee"])
        assignee.queryset = reviewers()
        reviews = cast(forms.ModelMultipleChoiceField, self.fields["reviews"])
        reviews.queryset = (
            reviews_queryset if reviews_queryset is not None else Review.objects.none()
        )
