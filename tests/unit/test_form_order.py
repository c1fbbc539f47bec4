"""A form's error summary lists its problems in the form's field order
(templates/_partials/form_errors.html), so that order must be the order the page shows the
fields in: otherwise the summary jumps about the page."""

import re
from pathlib import Path

import pytest
from django import forms

from forms_app.forms import ReleaseCaptureForm
from requests_app.forms.incidents import BreachReportForm, LossReportForm
from requests_app.forms.requests import DisclosureRequestForm
from requests_app.forms.reviews import ReviewDecisionForm

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
SHOWN = re.compile(r"field=(?:form|decision_form)\.(\w+)")


def shown_fields(template: str, part: int = 0, split: str | None = None) -> list[str]:
    """The fields a template includes, in page order (of one part of it, split at `split`)."""
    text = (TEMPLATES / template).read_text()
    if split:
        text = text.split(split)[part]
    return SHOWN.findall(text)


def summary_order(form_class: type[forms.BaseForm], shown: list[str]) -> list[str]:
    """The shown fields in the order the error summary lists them: the form's field order (the
    fields `field_order` names first, then the rest as declared, as `BaseForm.order_fields`)."""
    first = list(form_class.field_order or [])
    order = first + [name for name in form_class.base_fields if name not in first]
    return [name for name in order if name in shown]


@pytest.mark.parametrize(
    ("form_class", "template", "part", "split"),
    [
        (DisclosureRequestForm, "requests_app/request_form.html", 0, None),
        (ReleaseCaptureForm, "forms_app/release_form.html", 0, None),
        (LossReportForm, "requests_app/incident_form.html", 1, "{% else %}\n"),
        (BreachReportForm, "requests_app/incident_form.html", 2, "{% else %}\n"),
    ],
    ids=["request", "release", "loss report", "breach report"],
)
def test_the_error_summary_follows_the_page(form_class, template, part, split):
    shown = shown_fields(template, part, split)
    assert shown, "no fields found in the template"
    assert summary_order(form_class, shown) == shown


def test_the_review_decision_form_is_in_page_order():
    shown = shown_fields("_partials/decision.html") or shown_fields(
        "requests_app/review_detail.html"
    )
    if not shown:
        pytest.skip("the decision form is rendered field by field elsewhere")
    assert summary_order(ReviewDecisionForm, shown) == shown
