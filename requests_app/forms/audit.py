"""The audit search form."""

from typing import Any

from django import forms

from requests_app.forms import Bounded

DATE = forms.DateInput(attrs={"type": "date"})


class AuditSearchForm(Bounded, forms.Form):
    #: A search: its fields are never marked "(optional)" (templates/_partials/field.html).
    searches = True

    client_number = forms.CharField(label="Client number", required=False, max_length=20)
    username = forms.CharField(label="Username", required=False, max_length=150)
    date_from = forms.DateField(label="From", required=False, widget=DATE)
    date_to = forms.DateField(label="To", required=False, widget=DATE)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date is before the start date.")
        return data

    def filters(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if v}
