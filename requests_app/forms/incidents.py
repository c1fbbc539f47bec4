"""Forms of loss, theft and breach reports and of the steps of their chain.

The loss report asks what the state's loss report (CO-853) records: what was lost, its value or
tag, when it was discovered, where, the circumstances, whether security was adequate, the steps
taken and to prevent recurrence, and the reason for any delay in reporting.
"""

import datetime
import re
import uuid
from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone

from requests_app.choices import IncidentKind, LossCause, LostItem
from requests_app.forms import Bounded, mark_conditional
from requests_app.models import Client, DisclosureRequest, Incident
from requests_app.models.incidents import ack_hours
from requests_app.models.limits import NOTE
from requests_app.selectors.incidents import (
    IncidentFilters,
    reportable_clients,
    reportable_requests,
)

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
ROWS_3 = forms.Textarea(attrs={"rows": 3})
REFERENCE = re.compile(r"^(?:DR-?)?0*(\d{1,12})$", re.IGNORECASE)


class ClientChoice(forms.ModelMultipleChoiceField):
    queryset: QuerySet[Client]  # always given (none() until the form knows the reporter)

    def label_from_instance(self, obj: Client) -> str:
        return f"{obj.full_name} ({obj.client_number})"


def _yes_no(value: Any) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class IncidentReportForm(Bounded, forms.ModelForm):
    """What both reports share: the affected clients (from the reporter's own caseload, or not
    known), timing and contact; the submitter's clock and a token against double submits."""

    kind: IncidentKind
    description_required = "Describe what happened."
    clients = ClientChoice(
        label="Clients whose information may be affected",
        queryset=Client.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="From your own caseload. Tick the box below if you do not know.",
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: User, now: datetime.datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.now = user, now
        # The model's own checks (equipment details, the delay reason) need these set.
        self.instance.kind = self.kind
        self.instance.submitted_at = now
        clients_field = cast(ClientChoice, self.fields["clients"])
        clients_field.queryset = reportable_clients(user=user, today=timezone.localdate(now))
        self.fields["description"].required = True
        self.fields["description"].error_messages["required"] = self.description_required
        self.fields["discovered_at"].error_messages["required"] = "Say when it was discovered."
        # Required unless "not known" is ticked, or only sometimes: never labelled optional.
        mark_conditional(clients_field)
        mark_conditional(self.fields["delay_reason"])
        self.fields[
            "delay_reason"
        ].help_text = f"Required when you report more than {ack_hours()} hours after discovery."
        self.fields["discovered_at"].widget = DATETIME
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())

    def _update_errors(self, errors: Any) -> None:
        """The model's own checks repeat some of the form's: keep one message per field."""
        if hasattr(errors, "error_dict"):
            errors.error_dict = {
                field: problems
                for field, problems in errors.error_dict.items()
                if field not in self.errors  # already made: this runs inside full_clean
            }
            if not errors.error_dict:
                return
        super()._update_errors(errors)  # type: ignore[misc]  # private Django API, not in the stubs

    @property
    def has_caseload(self) -> bool:
        return cast(ClientChoice, self.fields["clients"]).queryset.exists()

    def clean_discovered_at(self) -> datetime.datetime:
        value = self.cleaned_data["discovered_at"]
        if value > self.now:
            raise forms.ValidationError("This is in the future.")
        return value

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("clients") and not data.get("clients_unknown"):
            self.add_error(
                "clients",
                "Choose the clients who may be affected, or tick that it is not known.",
            )
        return data

    def service_arguments(self) -> dict[str, Any]:
        """What the kind's service takes beyond the report itself (`instance`, unsaved once the
        form is valid), its clients and its token."""
        return {}


class LossReportForm(IncidentReportForm):
    """A loss or theft of confidential information (hard copy, electronic files, a laptop or
    another device)."""

    kind = IncidentKind.LOSS
    #: The order of the page, which the error summary follows.
    field_order = [
        "items_lost",
        "description",
        "asset_tag",
        "equipment_value",
        "loss_cause",
        "discovered_at",
        "location",
        "delay_reason",
        "clients",
        "clients_unknown",
        "circumstances",
        "security_adequate",
        "security_notes",
        "steps_taken",
        "prevention_steps",
        "contact_phone",
    ]
    description_required = "Describe what was lost."
    items_lost = forms.MultipleChoiceField(
        label="What was lost or stolen?",
        choices=LostItem.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Say what was lost or stolen."},
    )
    loss_cause = forms.ChoiceField(
        label="Was it lost or stolen?",
        choices=LossCause.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether it was lost or stolen, or that you do not know."},
    )
    security_adequate = forms.TypedChoiceField(
        label="Was security adequate?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=_yes_no,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether security was adequate."},
    )

    class Meta:
        model = Incident
        fields = [
            "items_lost",
            "description",
            "asset_tag",
            "equipment_value",
            "loss_cause",
            "discovered_at",
            "location",
            "clients_unknown",
            "circumstances",
            "security_adequate",
            "security_notes",
            "steps_taken",
            "prevention_steps",
            "delay_reason",
            "contact_phone",
        ]
        labels = {
            "description": "Describe what was lost",
            "discovered_at": "When was the loss discovered?",
            "location": "Where was it lost or stolen?",
            "circumstances": "Circumstances",
            "steps_taken": "Steps taken since (for example: police report, remote wipe)",
        }
        help_texts = {
            "description": "Which records or files, how many, in what form. No need to name "
            "clients here: choose them below.",
            "asset_tag": "For a laptop or other device: the state asset tag.",
            "equipment_value": "For a laptop or other device: its value, as far as you know.",
            "location": "For example: a car parked on Main Street, Hartford; the office copier.",
            "security_notes": "For example: locked bag, encrypted laptop, password protected.",
            "prevention_steps": "If you know them now. They can be recorded when the report is "
            "closed.",
        }
        widgets = {
            "description": ROWS_3,
            "circumstances": ROWS_3,
            "security_notes": forms.Textarea(attrs={"rows": 2}),
            "steps_taken": forms.Textarea(attrs={"rows": 2}),
            "prevention_steps": forms.Textarea(attrs={"rows": 2}),
            "delay_reason": forms.Textarea(attrs={"rows": 2}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The steps to prevent it happening again are not required: the report goes out at
        # once, and its closing may record them (`LossCloseForm`).
        required = {
            "location": "Say where it was lost or stolen.",
            "circumstances": "Describe the circumstances.",
        }
        for name, message in required.items():
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = message
        for name in ("asset_tag", "equipment_value"):
            mark_conditional(self.fields[name])


class BreachReportForm(IncidentReportForm):
    """A breach of DCF Policy 31-8-5, for the Agency Legal Director."""

    kind = IncidentKind.BREACH
    #: The order of the page, which the error summary follows.
    field_order = [
        "description",
        "occurred_on",
        "discovered_at",
        "location",
        "staff_involved",
        "clients",
        "clients_unknown",
        "request_references",
        "steps_taken",
        "delay_reason",
        "contact_phone",
    ]
    request_references = forms.CharField(
        label="Disclosure requests involved",
        required=False,
        max_length=500,
        help_text="Your own requests, by reference, separated by commas (for example: "
        "DR-000123, DR-000140). Their accounting entries are linked too.",
    )

    class Meta:
        model = Incident
        fields = [
            "description",
            "occurred_on",
            "discovered_at",
            "location",
            "staff_involved",
            "clients_unknown",
            "steps_taken",
            "delay_reason",
            "contact_phone",
        ]
        labels = {
            "description": "What happened",
            "occurred_on": "When did it happen?",
            "discovered_at": "When did you learn of it?",
            "location": "Where did it happen?",
            "staff_involved": "Staff involved",
            "steps_taken": "Steps taken since",
        }
        help_texts = {
            "description": "What was disclosed or accessed without authority, how, and to whom. "
            "No need to name clients here: choose them below.",
            "occurred_on": "If you know it.",
            "staff_involved": "Names and roles of the DCF staff involved, if known.",
        }
        widgets = {
            "description": ROWS_3,
            "occurred_on": DATE,
            "staff_involved": forms.Textarea(attrs={"rows": 2}),
            "steps_taken": forms.Textarea(attrs={"rows": 2}),
            "delay_reason": forms.Textarea(attrs={"rows": 2}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }

    def clean_request_references(self) -> list[DisclosureRequest]:
        """The reporter's own requests named; any other reference gets the same message,
        whether or not it exists."""
        text = self.cleaned_data.get("request_references") or ""
        tokens = [t.strip() for t in re.split(r"[,;\s]+", text) if t.strip()]
        ids: dict[int, str] = {}
        bad: list[str] = []
        for token in tokens:
            match = REFERENCE.match(token)
            if match:
                ids[int(match.group(1))] = token
            else:
                bad.append(token)
        own = {r.pk: r for r in reportable_requests(user=self.user).filter(pk__in=ids)}
        bad += [token for pk, token in ids.items() if pk not in own]
        if bad:
            raise forms.ValidationError(
                "Not one of your disclosure requests: %(refs)s.",
                params={"refs": ", ".join(bad)},
            )
        return [own[pk] for pk in ids]

    def service_arguments(self) -> dict[str, Any]:
        return {"disclosure_requests": self.cleaned_data["request_references"]}


class StepForm(Bounded, forms.Form):
    """The form of a step taken on a report (acknowledge, escalate, notify, close)."""

    @classmethod
    def for_incident(cls, incident: Incident) -> type["StepForm"]:
        """The form this step takes on `incident` (the same for every report unless a step
        asks more of some)."""
        return cls


class AcknowledgeForm(StepForm):
    note = forms.CharField(
        label="Note to the reporter",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EscalateForm(StepForm):
    reason = forms.CharField(
        label="Why is this loss a breach of the confidentiality policy?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why this loss is a breach of the policy."},
    )
    confirm = forms.BooleanField(
        label="I understand this opens a breach report that goes to the Agency Legal Director "
        "at once, and cannot be undone.",
        error_messages={"required": "Confirm before escalating to a breach report."},
    )


class NotifyLeadershipForm(StepForm):
    note = forms.CharField(
        label="Note to the Commissioner and the Director of Human Resources",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(
        label="I am notifying the Commissioner and the Director of Human Resources of this "
        "breach now. This cannot be undone.",
        error_messages={"required": "Confirm before notifying them."},
    )


class CloseForm(StepForm):
    note = forms.CharField(
        label="How was it resolved?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say how the report was resolved."},
    )
    confirm = forms.BooleanField(
        label="I understand a closed report cannot be reopened.",
        error_messages={"required": "Confirm before closing the report."},
    )

    @classmethod
    def for_incident(cls, incident: Incident) -> type[StepForm]:
        """A loss report reported without its steps to prevent it happening again asks for
        them at its closing."""
        if incident.is_loss and not incident.prevention_steps.strip():
            return LossCloseForm
        return cls


class LossCloseForm(CloseForm):
    """Closing a loss report that was reported without its steps to prevent recurrence."""

    prevention_steps = forms.CharField(
        label="Steps to prevent it happening again",
        required=False,
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="They were not given when the loss was reported.",
    )
    field_order = ["note", "prevention_steps", "confirm"]


class IncidentFilterForm(forms.Form):
    #: A search: its fields are never marked "(optional)" (templates/_partials/field.html).
    searches = True

    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Losses and breaches"), *IncidentKind.choices],
    )
    state = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            ("open", "Open"),
            ("overdue", "Overdue"),
            ("closed", "Closed"),
            ("all", "All"),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            mark_conditional(field)  # a filter, not an optional answer

    def filters(self) -> IncidentFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return IncidentFilters(kind=data.get("kind") or "", state=data.get("state") or "open")
