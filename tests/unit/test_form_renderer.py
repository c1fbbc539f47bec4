"""The Python widget renderer writes exactly what Django's widget templates write."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from requests_app.web.form_renderer import FastWidgetRenderer

CHOICES = [("", "Any"), ("a", "Alpha & <b>"), (3, "Three"), ("q", mark_safe("<em>Safe</em>"))]
GROUPED = [("Offices", [("n", "North"), ("s", "South")]), ("c", "Central")]


class EveryWidget(forms.Form):
    name = forms.CharField(max_length=20, help_text="hint")
    optional = forms.CharField(required=False)
    locked = forms.CharField(disabled=True)
    count = forms.IntegerField(min_value=0)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    email = forms.EmailField(required=False)
    secret = forms.CharField(widget=forms.HiddenInput)
    agree = forms.BooleanField(required=False)
    note = forms.CharField(widget=forms.Textarea, required=False)
    empty_note = forms.CharField(widget=forms.Textarea, required=False)
    status = forms.ChoiceField(choices=CHOICES, required=False)
    office = forms.ChoiceField(choices=GROUPED)
    many = forms.MultipleChoiceField(choices=CHOICES[1:], required=False)
    many_boxes = forms.MultipleChoiceField(
        choices=CHOICES[1:], widget=forms.CheckboxSelectMultiple, required=False
    )
    how = forms.ChoiceField(choices=CHOICES[1:], widget=forms.RadioSelect)
    maybe = forms.NullBooleanField(required=False)


DATA = {
    "name": 'O\'Brien "quoted" <tag> & co',
    "locked": "x",
    "count": "12",
    "day": "2026-06-15",
    "secret": "s&t",
    "agree": "on",
    "note": "line one\n<script>two</script>",
    "empty_note": "",
    "status": "3",
    "office": "s",
    "many": ["a", "q"],
    "many_boxes": ["a"],
    "how": "q",
    "maybe": "true",
}


@pytest.mark.parametrize("data", [None, DATA], ids=["unbound", "bound"])
@pytest.mark.parametrize("name", list(EveryWidget.base_fields))
def test_every_widget_renders_as_the_templates_do(name, data):
    initial = {"day": datetime.date(2026, 1, 2), "count": 1000}
    stock = EveryWidget(data, initial=initial, renderer=DjangoTemplates())
    fast = EveryWidget(data, initial=initial, renderer=FastWidgetRenderer())
    assert str(fast[name]) == str(stock[name])
    assert str(fast[name]).strip(), "something was rendered"


def test_whole_forms_render_as_the_templates_do():
    stock = EveryWidget(DATA, renderer=DjangoTemplates())
    fast = EveryWidget(DATA, renderer=FastWidgetRenderer())
    assert fast.as_div() == stock.as_div()
    assert "&lt;script&gt;" in fast.as_div() and "<script>" not in fast.as_div()


def test_inputs_selects_and_text_areas_never_reach_the_template_engine(monkeypatch):
    def no_engine(self, template_name):
        raise AssertionError(f"{template_name} went to the template engine")

    monkeypatch.setattr(FastWidgetRenderer, "get_template", no_engine)
    form = EveryWidget(DATA, renderer=FastWidgetRenderer())
    for name in ("name", "count", "day", "secret", "agree", "note", "status", "office", "many"):
        assert str(form[name])
