"""Forms of the requester's journey: a new (or returned) request, and recording a disclosure."""

import datetime
import uuid
from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.http import QueryDict
from django.utils.choices import CallableChoiceIterator

from forms_app.choices import ReleaseForm
from forms_app.models import ReleaseAuthorization
from requests_app.choices import (
    DisclosureMode,
    InformationCategory,
    Medium,
    RecipientKind,
    RequestStatus,
)
from requests_app.dates import disclosure_date_problem
from requests_app.forms import Bounded, mark_conditional
from requests_app.forms.release_on_file import ReleaseOnFile, release_on_file
from requests_app.models import Client, ClientRelation, DisclosureRequest
from requests_app.selectors.casework import (
    relations_of_record,
    request_cases_of_client,
    staff_directory,
    staff_member,
)
from requests_app.selectors.requests import DisclosureAllowed, releases_of_client
from requests_app.services.disclosures import RECORDED_DATE_LABEL

DATE = forms.DateInput(attrs={"type": "date"})

RELATION = "relation"
RECIPIENT_TYPES = [
    (RecipientKind.CLIENT.value, "The client"),
    (RELATION, "A parent, legal guardian, attorney or representative of record"),
    (RecipientKind.DCF_STAFF.value, "A DCF staff member"),
    (RecipientKind.ASSISTANT_ATTORNEY_GENERAL.value, "An Assistant Attorney General"),
    (RecipientKind.JUVENILE_COURT.value, "The Superior Court for Juvenile Matters"),
    (RecipientKind.PROBATE_COURT.value, "A Probate Court"),
    (RecipientKind.OTHER_COURT.value, "Another court"),
    (RecipientKind.THIRD_PARTY.value, "Someone else (a named third party)"),
]
COURTS = {
    RecipientKind.JUVENILE_COURT.value,
    RecipientKind.PROBATE_COURT.value,
    RecipientKind.OTHER_COURT.value,
}
#: Recipients known by the name (or organization) the requester types.
NAMED_RECIPIENTS = {
    RecipientKind.ASSISTANT_ATTORNEY_GENERAL.value,
    RecipientKind.THIRD_PARTY.value,
}
CONDITIONAL_FIELDS = (
    "recipient_relation",
    "staff_username",
    "business_reason",
    "recipient_name",
    "recipient_address",
    "court_docket_number",
    "hearing_on",
)
CONSEQUENCES = (
    "I have read the consequences of unauthorized disclosure of client information listed "
    "above (DCF Policy 31-8-5)."
)


class RelationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: ClientRelation) -> str:
        notes = ["verified" if obj.is_verified else "NOT verified"]
        if obj.parental_rights_terminated:
            notes.append("parental rights terminated")
        return f"{obj.full_name}, {obj.get_kind_display().lower()} ({', '.join(notes)})"


class ReleaseChoice(forms.ModelChoiceField):
    today: datetime.date = datetime.date.min

    def label_from_instance(self, obj: ReleaseAuthorization) -> str:
        status = obj.status_on(self.today).label.lower()
        until = f"{obj.expires_on:%b %-d, %Y}"
        return f"{obj.reference}: to {obj.counterparty_name}, until {until} ({status})"


def _checked_on_save(exclude: object = None) -> None:
    """Stands in for Model.validate_constraints while the form validates (see below)."""


class DisclosureRequestForm(Bounded, forms.ModelForm):
    """Everything a requester says about a disclosure; choices are limited to the cases of the
    client the requester may see and the client's relations and releases. Once valid, the form's
    instance is the request as the requester described it (unsaved): the services take it.

    The form checks every field and the combinations a requester can get wrong, with messages
    naming the field; the model's check constraints (the same rules, as the database's last word)
    are checked by PostgreSQL when the service saves, not by one query each here: a refused row
    comes back from the service as a ValidationError (requests_app.integrity).
    """

    #: The order of the page, which the error summary follows.
    field_order = [
        "case",
        "recipient_type",
        "recipient_relation",
        "staff_username",
        "business_reason",
        "recipient_name",
        "recipient_organization",
        "recipient_address",
        "court_docket_number",
        "hearing_on",
        "hearing_related_to_case",
        "release",
    ]

    recipient_type = forms.ChoiceField(
        label="Who would receive the information?",
        choices=RECIPIENT_TYPES,
        widget=forms.RadioSelect,
    )
    staff_username = forms.CharField(
        label="DCF staff member",
        required=False,
        help_text="Start typing a name; choose from the list (it fills in the username).",
        widget=forms.TextInput(attrs={"list": "staff-directory", "autocomplete": "off"}),
    )
    categories = forms.MultipleChoiceField(
        label="What information?",
        choices=InformationCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    # A form field, not BaseForm's `media` property: the metaclass takes fields off the class.
    media = forms.MultipleChoiceField(  # type: ignore[assignment]
        label="The information is in", choices=Medium.choices, widget=forms.CheckboxSelectMultiple
    )
    acknowledge_consequences = forms.BooleanField(
        label=CONSEQUENCES,
        error_messages={
            "required": "Confirm that you have read the consequences before submitting."
        },
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    # What the form last said about the release on file (`ReleaseOnFile`): the release it
    # proposed, and the releases naming the recipient that it explained. A submission that left
    # the proposal as it was, but would now be told something else, is shown the new answer
    # first (without JavaScript the form learns the recipient only when it is submitted).
    release_proposed = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    release_explained = forms.CharField(required=False, max_length=400, widget=forms.HiddenInput)

    class Meta:
        model = DisclosureRequest
        fields = [
            "case",
            "recipient_relation",
            "recipient_name",
            "recipient_organization",
            "recipient_address",
            "business_reason",
            "court_docket_number",
            "hearing_on",
            "hearing_related_to_case",
            "release",
            "categories",
            "information_description",
            "information_from",
            "information_to",
            "media",
            "mode",
            "purpose",
            "requester_in_doubt",
        ]
        labels = {
            "case": "Case",
            "recipient_relation": "Relation of record",
            "recipient_name": "Name",
            "recipient_organization": "Organization",
            "recipient_address": "Address",
            "business_reason": "Business reason to know (DCF staff)",
            "court_docket_number": "Docket number",
            "hearing_on": "Hearing date",
            "hearing_related_to_case": "The hearing concerns this case",
            "release": "Release on file (DCF-2131F)",
            "information_description": "Describe the records or information",
            "information_from": "Information dated from",
            "information_to": "Information dated to",
            "mode": "Verbal or documentary",
            "purpose": "Purpose of the disclosure",
            "requester_in_doubt": ("I am not sure this may be disclosed: ask Legal Affairs"),
        }
        help_texts = {
            "recipient_name": "For an AAG, a court or a third party.",
            "requester_in_doubt": (
                "31-8-5: \u201cIf there is any doubt about whether certain information can be "
                "disclosed, a legal consultation shall be sought.\u201d This sends the request to "
                "Legal Affairs whatever the rules say."
            ),
        }
        widgets = {
            "hearing_on": DATE,
            "information_from": DATE,
            "information_to": DATE,
            "mode": forms.RadioSelect,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "business_reason": forms.Textarea(attrs={"rows": 2}),
            "recipient_address": forms.Textarea(attrs={"rows": 2}),
            "information_description": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"recipient_relation": RelationChoice, "release": ReleaseChoice}

    def __init__(
        self, *args: Any, user: User, client: Client, today: datetime.date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.client, self.today = user, client, today
        self.instance.client = client
        case_field = cast(forms.ModelChoiceField, self.fields["case"])
        case_field.queryset = request_cases_of_client(user=user, client=client)
        case_field.empty_label = None
        relation_field = cast(RelationChoice, self.fields["recipient_relation"])
        relation_field.queryset = relations_of_record(client=client)
        relation_field.empty_label = "Choose a relation"
        releases = self.releases = releases_of_client(client=client)
        self._release_on_file: ReleaseOnFile | None = None
        release_field = cast(ReleaseChoice, self.fields["release"])
        release_field.queryset = releases  # a DCF-2131T posted anyway gets a clear message
        release_field.today = today
        # Listed when the form is shown (a submission that validates never reads them all).
        release_field.widget.choices = CallableChoiceIterator(
            lambda: (
                [("", "No release relied on")]
                + [
                    (r.pk, release_field.label_from_instance(r))
                    for r in releases
                    if r.form == ReleaseForm.FROM_DCF
                ]
            )
        )
        mode_field = cast(forms.ChoiceField, self.fields["mode"])
        mode_field.choices = DisclosureMode.choices
        # Required or not depending on the recipient chosen: never labelled "optional".
        for name in CONDITIONAL_FIELDS:
            mark_conditional(self.fields[name])
        self.fields["purpose"].required = True
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("submission_token", uuid.uuid4())
        if self.instance.pk:
            kind = self.instance.recipient_kind
            self.initial["recipient_type"] = (
                RELATION if self.instance.recipient_relation_id else kind
            )
            if self.instance.recipient_staff_id:
                self.initial["staff_username"] = self.instance.recipient_staff.username
            self.fields["submission_token"].required = False
            if not self.is_bound:
                self._propose(self._check(self.instance))

    def _propose(self, check: ReleaseOnFile) -> None:
        """Show a returned request's release on file: proposed when it relied on none."""
        self._release_on_file = check
        if self.instance.release_id is None and check.proposed:
            self.initial["release"] = check.proposed.pk
        self.initial["release_proposed"] = check.proposed_value
        self.initial["release_explained"] = check.explained

    def _check(self, draft: DisclosureRequest | None) -> ReleaseOnFile:
        return release_on_file(draft=draft, releases=self.releases, today=self.today)

    @property
    def release_on_file(self) -> ReleaseOnFile:
        """What the form says about the client's releases on file (`release_on_file`): judged
        against the recipient and information once they are known."""
        if self._release_on_file is None:
            self._release_on_file = self._check(None)
        return self._release_on_file

    def staff_choices(self):
        return staff_directory()

    def clean_release(self) -> ReleaseAuthorization | None:
        release = self.cleaned_data.get("release")
        if release is not None and release.form != ReleaseForm.FROM_DCF:
            raise forms.ValidationError(
                "A DCF-2131T authorizes release of information to DCF, not from it. "
                "Choose a DCF-2131F release."
            )
        return release

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("recipient_type")
        relation = data.get("recipient_relation")
        if kind == RELATION:
            if relation is None:
                self.add_error("recipient_relation", "Choose the relation who would receive it.")
            else:
                self.instance.recipient_kind = relation.kind
        elif kind:
            self.instance.recipient_kind = kind
            data["recipient_relation"] = None
        if kind == RecipientKind.DCF_STAFF:
            self._clean_staff(data)
        else:
            self.instance.recipient_staff = None
        if kind in COURTS:
            for name in ("court_docket_number", "hearing_on"):
                if not data.get(name):
                    self.add_error(name, "Required when the recipient is a court.")
            if not data.get("recipient_name"):
                data["recipient_name"] = dict(RECIPIENT_TYPES)[kind]
        named = (
            RecipientKind.ASSISTANT_ATTORNEY_GENERAL,
            RecipientKind.THIRD_PARTY,
            RecipientKind.OTHER_COURT,
        )
        if kind in named and not (data.get("recipient_name") or "").strip():
            self.add_error("recipient_name", "Give the recipient's name.")
        if kind == RecipientKind.THIRD_PARTY and not (data.get("recipient_address") or "").strip():
            self.add_error("recipient_address", "Give the third party's address.")
        start, end = data.get("information_from"), data.get("information_to")
        if start and end and end < start:
            self.add_error("information_to", "The end of the date range is before its start.")
        return data

    def _clean_staff(self, data: dict[str, Any]) -> None:
        text = (data.get("staff_username") or "").strip()
        username = text.rsplit("(", 1)[-1].rstrip(")").strip() if "(" in text else text
        staff = staff_member(username=username)
        if staff is None:
            self.add_error("staff_username", "Choose a DCF staff member from the list.")
        self.instance.recipient_staff = staff
        if not (data.get("business_reason") or "").strip():
            self.add_error("business_reason", "Say why this staff member needs to know.")

    def _post_clean(self) -> None:
        self.instance.validate_constraints = _checked_on_save
        try:
            super()._post_clean()  # type: ignore[misc]  # private Django API, not in the stubs
        finally:
            del self.instance.validate_constraints
        self._recheck_release()

    def _described(self) -> DisclosureRequest | None:
        """The request as described so far (its instance, built from what validated), once it
        names a recipient and the information; else None."""
        data, draft = self.cleaned_data, self.instance
        kind = data.get("recipient_type")
        if not kind or not data.get("categories"):
            return None
        if kind == RELATION and data.get("recipient_relation") is None:
            return None
        if kind == RecipientKind.DCF_STAFF and draft.recipient_staff is None:
            return None
        if kind in NAMED_RECIPIENTS | COURTS and not (
            draft.recipient_name.strip() or draft.recipient_organization.strip()
        ):
            return None
        return draft

    def _recheck_release(self) -> None:
        """Judge the client's releases against the request as submitted. When the worker left
        the release as the form proposed it and the form would now say something else (another
        proposal, or why this recipient's release does not apply), nothing is submitted: the
        form shows the new answer, with the proposal selected, for the worker to check."""
        check = self._release_on_file = self._check(self._described())
        if not check.asked or "release" in self.errors:
            return
        data = self.cleaned_data
        before = data.get("release_proposed") or ""
        chosen = data.get("release")
        if (str(chosen.pk) if chosen else "") != before:
            return  # the worker chose a release, or none, themselves
        if (check.proposed_value, check.explained) == (before, data.get("release_explained", "")):
            return
        # The form is shown again with the new answer in place of what was posted.
        shown = cast(QueryDict, self.data).copy()
        shown["release"] = shown["release_proposed"] = check.proposed_value
        shown["release_explained"] = check.explained
        self.data = shown
        if check.proposed:
            message = (
                f"{check.proposed.reference} names this recipient and covers the information, "
                "so it is now selected. Check it and submit again, or choose "
                "\u201cNo release relied on\u201d."
            )
        else:
            message = (
                "The client's release on file does not cover this request (see why below), "
                "so none is selected. Submit again to go ahead without it."
            )
        self.add_error("release", f"Release on file: {message}")


class DisclosureRecordForm(Bounded, forms.Form):
    """What was actually disclosed; the recipient is prefilled from the request."""

    disclosed_on = forms.DateField(label=RECORDED_DATE_LABEL, widget=DATE)
    mode = forms.ChoiceField(label="How", choices=DisclosureMode.choices, widget=forms.RadioSelect)
    # A form field, not BaseForm's `media` property (see DisclosureRequestForm).
    media = forms.MultipleChoiceField(  # type: ignore[assignment]
        label="Media", choices=Medium.choices, widget=forms.CheckboxSelectMultiple
    )
    information_disclosed = forms.CharField(
        label="What was disclosed", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    recipient = forms.CharField(label="To whom", max_length=400)
    redactions_applied = forms.BooleanField(
        label="I confirm every redaction note above was applied before disclosure",
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        today: datetime.date,
        needs_redactions: bool,
        allowed: DisclosureAllowed | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.today, self.allowed = today, allowed
        self.fields["redactions_applied"].required = needs_redactions
        if not needs_redactions:
            del self.fields["redactions_applied"]
        else:
            self.fields["redactions_applied"].error_messages["required"] = (
                "Confirm that every redaction note was applied."
            )

    def clean_disclosed_on(self) -> datetime.date:
        """Not before the decision that allowed the disclosure (`allowed`), not in the future."""
        day = self.cleaned_data["disclosed_on"]
        problem = disclosure_date_problem(
            day,
            label=RECORDED_DATE_LABEL,
            earliest=self.allowed.on if self.allowed else None,
            allowed_by=self.allowed.by if self.allowed else "",
            today=self.today,
        )
        if problem:
            raise forms.ValidationError(problem)
        return day


class RequestFilterForm(forms.Form):
    #: A search: its fields are never marked "(optional)" (templates/_partials/field.html).
    searches = True

    status = forms.ChoiceField(required=False, label="Status")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = cast(forms.ChoiceField, self.fields["status"])
        status.choices = [("", "Any status"), *RequestStatus.choices]


class SearchForm(forms.Form):
    #: A search: its fields are never marked "(optional)" (templates/_partials/field.html).
    searches = True

    q = forms.CharField(label="Search", required=False, max_length=100)
