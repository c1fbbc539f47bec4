"""The policy simulator's form: facts entered by hand, in the engine's own vocabulary."""

from typing import Any

from django import forms

from requests_app import policy
from requests_app.choices import DisclosureRole, InformationCategory, RecipientKind
from requests_app.forms import Bounded

CATEGORY_WIDGET = forms.CheckboxSelectMultiple


class SimulatorForm(Bounded, forms.Form):
    """Every fact the engine decides on. `to_facts` turns it into `policy.Facts` through the same
    parser the `evaluate_disclosure` command uses, so the two can never disagree."""

    as_of = forms.DateField(label="Decide as of", widget=forms.DateInput(attrs={"type": "date"}))
    requester_role = forms.ChoiceField(label="Requester's role", choices=DisclosureRole.choices)
    assigned_to_case = forms.BooleanField(
        label="Requester is assigned to the case (normal course of duties)", required=False
    )
    in_doubt = forms.BooleanField(label="Requester asked for a legal consultation", required=False)
    case_status = forms.ChoiceField(
        label="Case status", choices=[("open", "Open"), ("closed", "Closed")]
    )
    recipient_kind = forms.ChoiceField(label="Recipient", choices=RecipientKind.choices)
    relationship_verified = forms.BooleanField(label="Relationship verified", required=False)
    parental_rights_terminated = forms.BooleanField(
        label="Parental rights terminated", required=False
    )
    business_reason = forms.CharField(
        label="Business reason (DCF staff recipient)", required=False, max_length=500
    )
    hearing_related_to_case = forms.BooleanField(
        label="For a court hearing related to this case", required=False
    )
    categories = forms.MultipleChoiceField(
        label="Information requested", choices=InformationCategory.choices, widget=CATEGORY_WIDGET
    )

    has_release = forms.BooleanField(label="A release is relied on", required=False)
    release_form = forms.ChoiceField(
        label="Release form",
        choices=[("DCF-2131F", "DCF-2131F (from DCF)"), ("DCF-2131T", "DCF-2131T (to DCF)")],
        required=False,
    )
    release_signed_on = forms.DateField(
        label="Signed on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    release_signed_by = forms.ChoiceField(
        label="Signed by",
        choices=[
            ("client", "The client"),
            ("authorized_representative", "An authorized representative"),
            ("other", "Someone else"),
        ],
        required=False,
    )
    release_effective_on = forms.DateField(
        label="Effective on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    release_expires_on = forms.DateField(
        label="Expires on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    release_revoked_on = forms.DateField(
        label="Revoked on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    release_names_recipient = forms.BooleanField(
        label="Release names this recipient", required=False
    )
    release_signer_was_minor = forms.BooleanField(
        label="The client was a minor when it was signed (under 18 and not emancipated)",
        required=False,
        help_text="A release the client signed as a minor does not count: a parent or guardian "
        "signs for a minor.",
    )
    release_categories = forms.MultipleChoiceField(
        label="Information the release covers",
        choices=InformationCategory.choices,
        widget=CATEGORY_WIDGET,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("has_release"):
            if not data.get("release_effective_on"):
                self.add_error("release_effective_on", "Give the date the release takes effect.")
            if not data.get("release_categories"):
                self.add_error("release_categories", "Choose what the release covers.")
        return data

    def to_document(self) -> dict[str, Any]:
        """The facts as a JSON object of the `evaluate_disclosure` contract."""
        d = self.cleaned_data

        def iso(value: Any) -> str | None:
            return value.isoformat() if value else None

        document: dict[str, Any] = {
            "as_of": iso(d["as_of"]),
            "requester": {
                "role": d["requester_role"],
                "assigned_to_case": d["assigned_to_case"],
                "in_doubt": d["in_doubt"],
            },
            "case": {"status": d["case_status"]},
            "recipient": {
                "kind": d["recipient_kind"],
                "relationship_verified": d["relationship_verified"],
                "parental_rights_terminated": d["parental_rights_terminated"],
                "business_reason": d["business_reason"],
                "hearing_related_to_case": d["hearing_related_to_case"],
            },
            "information": {"categories": list(d["categories"])},
            "release": None,
        }
        if d.get("has_release"):
            document["release"] = {
                "form": d["release_form"] or "DCF-2131F",
                "signed_on": iso(d["release_signed_on"]),
                "signed_by": d["release_signed_by"] or "client",
                "effective_on": iso(d["release_effective_on"]),
                "expires_on": iso(d["release_expires_on"]),
                "revoked_on": iso(d["release_revoked_on"]),
                "names_recipient": d["release_names_recipient"],
                "categories": list(d["release_categories"]),
                "signer_was_minor": d["release_signer_was_minor"],
            }
        return document

    def to_facts(self) -> policy.Facts:
        facts, problems = policy.parse_facts(self.to_document())
        if facts is None:  # the form's own validation makes this unreachable
            raise ValueError("; ".join(problems))
        return facts

    @classmethod
    def initial_from_facts(cls, facts: dict[str, Any]) -> dict[str, Any]:
        """Form values from a stored facts object (to replay and vary a stored request)."""
        release = facts.get("release") or {}
        return {
            "as_of": facts["as_of"],
            "requester_role": facts["requester"]["role"],
            "assigned_to_case": facts["requester"]["assigned_to_case"],
            "in_doubt": facts["requester"].get("in_doubt", False),
            "case_status": facts["case"]["status"],
            "recipient_kind": facts["recipient"]["kind"],
            "relationship_verified": facts["recipient"].get("relationship_verified", False),
            "parental_rights_terminated": facts["recipient"].get(
                "parental_rights_terminated", False
            ),
            "business_reason": facts["recipient"].get("business_reason", ""),
            "hearing_related_to_case": facts["recipient"].get("hearing_related_to_case", False),
            "categories": facts["information"]["categories"],
            "has_release": bool(release),
            "release_form": release.get("form"),
            "release_signed_on": release.get("signed_on"),
            "release_signed_by": release.get("signed_by"),
            "release_effective_on": release.get("effective_on"),
            "release_expires_on": release.get("expires_on"),
            "release_revoked_on": release.get("revoked_on"),
            "release_names_recipient": release.get("names_recipient", False),
            "release_signer_was_minor": release.get("signer_was_minor", False),
            "release_categories": release.get("categories", []),
        }


class ReplayForm(forms.Form):
    """Pick a stored request by its reference to replay its decision."""

    reference = forms.RegexField(
        label="Request reference",
        regex=r"^\s*(DR-)?\d{1,9}\s*$",
        help_text="For example DR-000123.",
        error_messages={"invalid": "Enter a request reference such as DR-000123."},
    )

    def request_pk(self) -> int:
        return int(self.cleaned_data["reference"].strip().upper().removeprefix("DR-"))
