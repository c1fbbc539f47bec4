"""Forms of the release journey: capture (prepare or change a draft), record the signature,
record a revocation, track a DCF-2131T with its provider, and choose forms to print.

Every message names the field it is about, so it reads on its own in the error summary.
"""

import datetime
from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import QuerySet

from forms_app import selectors
from forms_app.choices import (
    FORM_PURPOSES,
    SIGNERS,
    STATEMENTS,
    ReleaseForm,
    RevocationReceipt,
    SignerKind,
)
from forms_app.models import CATEGORIES_NEEDING_THEIR_OWN_FORM, ReleaseAuthorization
from forms_app.uploads import MAX_SCAN_BYTES, MEGABYTE, SCAN_TYPES, validate_scan
from requests_app.choices import InformationCategory
from requests_app.forms import Bounded
from requests_app.models import Client, ClientRelation

#: The fields a worker fills in when preparing a release (model field names).
RELEASE_FIELDS = [
    "form",
    "counterparty_name",
    "counterparty_organization",
    "counterparty_address",
    "categories",
    "information_description",
    "information_from",
    "information_to",
    "purpose",
    "effective_on",
    "expires_on",
    "expiry_event",
    "signer_kind",
    "signer_relation",
    "signer_relationship",
    "signer_authority",
]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 3})


def date_field(label: str, *, required: bool = True, **kwargs: Any) -> forms.DateField:
    """A date input whose messages say which date is wrong."""
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE,
        error_messages={
            "required": f"Enter the {label.lower()}.",
            "invalid": f"Enter the {label.lower()} as a date, for example 2026-06-15.",
        },
        **kwargs,
    )


def confirmation(label: str, message: str) -> forms.BooleanField:
    return forms.BooleanField(label=label, error_messages={"required": message})


def expiry_help() -> str:
    """The expiry date's limits, in the words of the form (RELEASE_MAX_DAYS)."""
    return (
        "Required: consent is given for a limited time (Conn. Gen. Stat. §17a-28). The release "
        "ends on this date whatever happens. It comes after the effective date and at most "
        f"{settings.RELEASE_MAX_DAYS} days after the form is signed."
    )


#: Shown on "Who will sign?" for a client under 18 and not emancipated (§17a-28).
MINOR_SIGNER_HELP = (
    "The client is a minor (under 18 and not emancipated) and cannot sign: a parent, guardian "
    "or other authorized representative of record signs."
)


class SignerRelationChoice(forms.ModelChoiceField):
    """A relation of record, labelled with what matters for signing."""

    def label_from_instance(self, obj: ClientRelation) -> str:
        notes = ["verified" if obj.is_verified else "not verified"]
        if obj.parental_rights_terminated:
            notes.append("parental rights terminated: cannot sign")
        return f"{obj.full_name}, {obj.get_kind_display().lower()} ({'; '.join(notes)})"


class ReleaseCaptureForm(Bounded, forms.ModelForm):
    """Every element a DCF-2131T or DCF-2131F must hold (policy/NOTES.md)."""

    form = forms.ChoiceField(
        label="Which form?",
        choices=[(value, FORM_PURPOSES[value]) for value in ReleaseForm],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which form: DCF-2131T or DCF-2131F."},
    )
    categories = forms.MultipleChoiceField(
        label="Information to be released",
        choices=[
            (value, label)
            for value, label in InformationCategory.choices
            if value not in CATEGORIES_NEEDING_THEIR_OWN_FORM
        ],
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "HIV-related information is not on this list: it needs its own authorization "
            "(form DCF-2134)."
        ),
        error_messages={
            "required": "Choose at least one category of information to be released.",
            "invalid_choice": "Choose the categories of information from the list.",
        },
    )
    signer_kind = forms.ChoiceField(
        label="Who will sign?",
        choices=SIGNERS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who will sign: the client or an authorized representative."
        },
    )
    signer_relation = SignerRelationChoice(
        label="Authorized representative of record",
        queryset=ClientRelation.objects.none(),
        required=False,
        empty_label="Choose the representative who will sign",
        help_text="Only when a representative signs. Relations come from the client's record.",
        error_messages={"invalid_choice": "Choose a representative of record from the list."},
    )
    information_from = date_field("Start of the information date range", required=False)
    information_to = date_field("End of the information date range", required=False)
    effective_on = date_field(
        "Effective date",
        help_text="On or after the day the form is signed: consent cannot take effect before.",
    )
    expires_on = date_field("Expiry date")

    class Meta:
        model = ReleaseAuthorization
        fields = RELEASE_FIELDS
        labels = {
            "counterparty_name": "Name of the other party",
            "counterparty_organization": "Organization",
            "counterparty_address": "Address of the other party",
            "information_description": "Specific records",
            "purpose": "Purpose of the release",
            "expiry_event": "Expiry event",
            "signer_relationship": "Representative's relationship to the client",
            "signer_authority": "Representative's authority to act for the client",
        }
        help_texts = {
            "counterparty_name": (
                "For a DCF-2131T, who holds the records and releases them to DCF; for a "
                "DCF-2131F, who receives DCF's records. Name a specific person or office."
            ),
            "information_description": (
                "Say which records, for example \u201cpsychological evaluation of March "
                "2026\u201d. Required when you choose Other."
            ),
            "expiry_event": (
                "Optional: an event that ends the release sooner, for example \u201cwhen the "
                "case closes\u201d."
            ),
            "signer_relationship": "Only when a representative signs, for example mother.",
            "signer_authority": (
                "Only when a representative signs: parent of a minor, a guardianship order, a "
                "power of attorney."
            ),
        }
        error_messages = {
            "counterparty_name": {
                "required": "Enter the name of the other party: a release must name them."
            },
            "counterparty_address": {"required": "Enter the address of the other party."},
            "purpose": {"required": "Enter the purpose of the release."},
        }
        widgets = {
            "counterparty_address": forms.Textarea(attrs={"rows": 3}),
            "information_description": TEXTAREA,
            "purpose": TEXTAREA,
        }

    def __init__(self, *args: Any, client: Client, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.client = client
        signer_relation = cast(SignerRelationChoice, self.fields["signer_relation"])
        signer_relation.queryset = selectors.signer_relations(client=client, today=today)
        self.fields["expires_on"].help_text = expiry_help()
        minor = client.is_minor_on(today)
        if minor:
            self.fields["signer_kind"].help_text = MINOR_SIGNER_HELP
        if self.instance.pk is None:
            self.initial.setdefault("effective_on", today)
            signer = SignerKind.AUTHORIZED_REPRESENTATIVE if minor else SignerKind.CLIENT
            self.initial.setdefault("signer_kind", signer.value)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("signer_kind") == SignerKind.CLIENT:
            data["signer_relation"] = None
            data["signer_relationship"] = ""
            data["signer_authority"] = ""
        return data


def _scan_hint() -> str:
    kinds = ", ".join(t.kind.label for t in SCAN_TYPES)
    return (
        f"{kinds}; at most {MAX_SCAN_BYTES // MEGABYTE} MB. If the page comes back with an "
        "error, choose the file again."
    )


class ReleaseSignForm(Bounded, forms.Form):
    """The signature: its date, the statements the signer was given, and the signed scan."""

    signed_on = date_field("Date signed")
    scan = forms.FileField(
        label="Signed scan",
        help_text=_scan_hint(),
        widget=forms.FileInput(
            attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}
        ),
        error_messages={
            "required": "Signed scan: choose the scanned, signed form.",
            "empty": "Signed scan: the file is empty. Choose the scanned form.",
        },
    )
    read_right_to_revoke = confirmation(
        f"The signer was given the statement: {STATEMENTS[0][1].lower()}",
        "Confirm the signer was given the statement on the right to revoke.",
    )
    read_services_not_conditioned = confirmation(
        f"The signer was given the statement: {STATEMENTS[1][1].lower()}",
        "Confirm the signer was given the statement that services are not conditioned on signing.",
    )
    read_redisclosure_warning = confirmation(
        f"The signer was given the statement: {STATEMENTS[2][1].lower()} warning",
        "Confirm the signer was given the redisclosure warning.",
    )
    copy_given_to_signer = forms.BooleanField(
        label="A copy of the signed form was given to the signer", required=False
    )
    confirm = confirmation(
        "I confirm the form was signed on the date above. A recorded signature cannot be undone.",
        "Confirm the signature before recording it.",
    )

    def clean_scan(self) -> Any:
        scan = self.cleaned_data["scan"]
        validate_scan(scan, label="Signed scan")
        return scan

    def sign_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = [
            "signed_on",
            "scan",
            "read_right_to_revoke",
            "read_services_not_conditioned",
            "read_redisclosure_warning",
            "copy_given_to_signer",
        ]
        return {name: data[name] for name in names}


class ReleaseRevokeForm(Bounded, forms.Form):
    """The signer's written revocation, as received."""

    revoked_on = date_field("Revocation date", help_text="The date DCF received it in writing.")
    revocation_received_how = forms.ChoiceField(
        label="How the written revocation was received",
        choices=RevocationReceipt.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the written revocation was received."},
    )
    revocation_note = forms.CharField(
        label="Details",
        required=False,
        max_length=2000,
        widget=TEXTAREA,
        help_text="Required when you choose another written form.",
    )
    confirm = confirmation(
        "I confirm the signer revoked this release in writing. A revocation cannot be undone.",
        "Confirm the revocation before recording it.",
    )

    def revoke_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "revoked_on": data["revoked_on"],
            "received_how": data["revocation_received_how"],
            "note": data["revocation_note"],
        }


class ReleaseReturnForm(Bounded, forms.Form):
    """Why a release printed for signature goes back to draft (kept on its history)."""

    reason = forms.CharField(
        label="Why it goes back to draft",
        max_length=300,
        widget=TEXTAREA,
        help_text="For example: the signer asked to narrow the information released.",
        error_messages={"required": "Say why the release goes back to draft."},
    )
    confirm = confirmation(
        "I will destroy the printed copies: they are no longer the form to sign.",
        "Confirm that the printed copies will be destroyed.",
    )


class ReleaseCorrectDatesForm(Bounded, forms.Form):
    """A wrong date on a signed release, corrected by whoever prepared it, with the reason."""

    signed_on = date_field("Date signed")
    effective_on = date_field("Effective date")
    expires_on = date_field("Expiry date")
    reason = forms.CharField(
        label="Reason for the correction",
        max_length=2000,
        widget=TEXTAREA,
        help_text="For example: the date signed was typed from the wrong form.",
        error_messages={
            "required": "Reason for the correction: say why the recorded dates were wrong."
        },
    )
    confirm = confirmation(
        "I confirm these are the dates on the signed form. The correction and its reason are "
        "kept in the release's history.",
        "Confirm the correction before recording it.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].help_text = expiry_help()

    def correction_arguments(self) -> dict[str, Any]:
        names = ["signed_on", "effective_on", "expires_on", "reason"]
        return {name: self.cleaned_data[name] for name in names}


class ReleaseSentForm(Bounded, forms.Form):
    sent_to_provider_on = date_field("Date sent to the provider")


class ReleaseReceivedForm(Bounded, forms.Form):
    records_received_on = date_field("Date the records were received")


#: The answers to "print the flagged forms too?" (the buttons of the confirmation step).
LEAVE_OUT, INCLUDE = "leave_out", "include"


class PrintForm(forms.Form):
    """The forms a supervisor prints together from the print queue. A selection holding forms
    that are revoked, expired or not yet in effect is not printed until the supervisor says
    whether to leave them out or print them too (`flagged`); once valid, `cleaned_data` holds
    the forms to print and `include_flagged`."""

    releases = forms.ModelMultipleChoiceField(
        label="Forms to print",
        queryset=ReleaseAuthorization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Forms to print: select at least one form.",
            "invalid_choice": "Forms to print: a selected form is no longer waiting to be printed.",
            "invalid_pk_value": "Forms to print: select forms from the list.",
        },
    )

    flagged = forms.ChoiceField(
        label="Flagged forms",
        required=False,
        choices=[("", "Not asked yet"), (LEAVE_OUT, "Leave them out"), (INCLUDE, "Print them too")],
        widget=forms.HiddenInput,
    )

    def __init__(
        self,
        *args: Any,
        queue: QuerySet[ReleaseAuthorization],
        today: datetime.date,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.today = today
        #: The selected forms that need the supervisor's confirmation, with why.
        self.flagged_selection: list[tuple[ReleaseAuthorization, str]] = []
        releases = cast(forms.ModelMultipleChoiceField, self.fields["releases"])
        releases.queryset = queue

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = list(data.get("releases") or [])
        warnings = [(release, release.print_warning(self.today)) for release in chosen]
        self.flagged_selection = [(release, warning) for release, warning in warnings if warning]
        answer = data.get("flagged")
        data["include_flagged"] = answer == INCLUDE
        if not self.flagged_selection:
            return data
        count = len(self.flagged_selection)
        if answer not in (LEAVE_OUT, INCLUDE):
            raise forms.ValidationError(
                f"Forms to print: {count} of the selected forms {pluralize(count, 'is', 'are')} "
                "revoked, expired or not yet in effect. Nothing is printed yet: say below whether "
                "to leave them out or print them too."
            )
        if answer == LEAVE_OUT:
            flagged = {release.pk for release, _ in self.flagged_selection}
            data["releases"] = [release for release in chosen if release.pk not in flagged]
            if not data["releases"]:
                self.add_error(
                    "releases",
                    "Forms to print: every selected form was left out; select a form to print.",
                )
        return data


def pluralize(count: int, one: str, many: str) -> str:
    return one if count == 1 else many
