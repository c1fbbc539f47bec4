"""Forms of the Legal Affairs review: queue filters, redaction notes, decisions, assignment."""

from typing import Any, cast

from django import forms

from requests_app.choices import ReviewResolution
from requests_app.forms import Bounded
from requests_app.models import RedactionNote, Review
from requests_app.models.limits import LONG, SHORT
from requests_app.selectors.reviews import (
    QueueFilters,
    reviewer_choices,
    reviewers,
    work_units,
)

REASON_CODES = [
    "requester_must_consult_legal",
    "not_in_normal_course",
    "requester_in_doubt",
    "sensitive_information",
    "case_not_open",
    "relationship_not_verified",
    "parental_rights_terminated",
    "no_business_reason",
    "hearing_not_related",
    "recipient_not_listed",
    "no_release",
    "release_wrong_form",
    "release_unsigned",
    "release_signer_not_authorized",
    "release_not_yet_effective",
    "release_no_expiration",
    "release_expired",
    "release_revoked",
    "release_recipient_not_named",
    "release_scope_insufficient",
]


class QueueFilterForm(forms.Form):
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
        choices=[("", "Any reason")] + [(c, c) for c in REASON_CODES],
    )
    unit = forms.ModelChoiceField(required=False, queryset=work_units(), empty_label="Any unit")
    assignee = forms.ChoiceField(required=False, label="Assignee")
    overdue = forms.BooleanField(required=False, label="Overdue only")
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


class ReviewDecisionForm(Bounded, forms.Form):
    resolution = forms.ChoiceField(
        label="Decision", choices=ReviewResolution.choices, widget=forms.RadioSelect
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
        return data


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
