"""The form correcting the date of a recorded disclosure (an entry of the accounting)."""

import datetime
from typing import Any

from django import forms

from requests_app.dates import day_in_words, disclosure_date_problem
from requests_app.forms import Bounded
from requests_app.models.limits import NOTE
from requests_app.selectors.requests import DisclosureAllowed
from requests_app.services.disclosures import (
    CORRECTED_DATE_LABEL,
    REASON_LABEL,
    REASON_REQUIRED,
    UNCHANGED_DATE,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DisclosureCorrectionForm(Bounded, forms.Form):
    """The correct date and why the recorded one was wrong, confirmed: the accounting then
    shows both dates, who corrected it, when and why."""

    disclosed_on = forms.DateField(
        label=CORRECTED_DATE_LABEL,
        widget=DATE,
        error_messages={
            "required": f"{CORRECTED_DATE_LABEL}: enter the date the disclosure was made.",
            "invalid": f"{CORRECTED_DATE_LABEL}: enter a date, for example 2026-06-15.",
        },
    )
    reason = forms.CharField(
        label=REASON_LABEL,
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown in the client's accounting of disclosures with both dates.",
        error_messages={"required": REASON_REQUIRED},
    )
    confirm = forms.BooleanField(
        label="I confirm the correction. The accounting keeps the recorded date, and shows it "
        "with the correct date, my name and the reason.",
        error_messages={"required": "Confirm the correction before saving it."},
    )

    def __init__(
        self,
        *args: Any,
        today: datetime.date,
        current: datetime.date,
        allowed: DisclosureAllowed | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today, self.current, self.allowed = today, current, allowed
        if allowed is not None:
            hint = (
                f"From {day_in_words(allowed.on)}, the day {allowed.by} this disclosure, to today."
            )
            self.fields["disclosed_on"].help_text = hint

    def clean_disclosed_on(self) -> datetime.date:
        """A different date, within the rules of a recorded disclosure's date."""
        day = self.cleaned_data["disclosed_on"]
        if day == self.current:
            raise forms.ValidationError(UNCHANGED_DATE)
        problem = disclosure_date_problem(
            day,
            label=CORRECTED_DATE_LABEL,
            earliest=self.allowed.on if self.allowed else None,
            allowed_by=self.allowed.by if self.allowed else "",
            today=self.today,
        )
        if problem:
            raise forms.ValidationError(problem)
        return day
