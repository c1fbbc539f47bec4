"""No date field anywhere accepts a year outside 1900..2100, and the message names the field.

The forms are found, not listed: every form class of requests_app and forms_app (and every form
the admin edits their models with) that has a date field is posted 0001-01-01 and 9999-12-31 in
each of them. A new form without the bound (`requests_app.forms.Bounded`) fails here the day it
is added; a form whose constructor needs an argument this file does not know fails too, asking
for it in `CONSTRUCTOR_ARGUMENTS`.
"""

import datetime
import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.utils import timezone

import forms_app.forms
import requests_app.forms
from forms_app.models import ReleaseAuthorization
from requests_app.services.casework_import import ImportRejected, casework_import
from tests.factories import ClientFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = ["0001-01-01", "9999-12-31"]
DATE_FIELDS = (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)
#: The apps whose admin forms are walked (the User admin is the portal's own, in requests_app).
ADMIN_APPS = {"requests_app", "forms_app", "auth"}


def _form_modules() -> Iterator[Any]:
    yield requests_app.forms
    for module in pkgutil.iter_modules(requests_app.forms.__path__):
        yield importlib.import_module(f"requests_app.forms.{module.name}")
    yield forms_app.forms


def forms_with_dates() -> list[type[forms.BaseForm]]:
    """Every form class defined in the two apps with at least one date or date-time field."""
    found: dict[str, type[forms.BaseForm]] = {}
    for module in _form_modules():
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
                and any(isinstance(f, DATE_FIELDS) for f in value.base_fields.values())
            ):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


@pytest.fixture
def constructor_arguments() -> dict[str, Any]:
    """The keyword arguments the portal's forms take, by name: what a view passes them."""
    return {
        "user": StaffFactory().user,
        "client": ClientFactory(),
        "today": datetime.date(2026, 6, 15),
        "now": timezone.now(),
        "needs_redactions": False,
        "allowed": None,
        "current": datetime.date(2026, 6, 1),
        "queue": ReleaseAuthorization.objects.none(),
    }


def _build(form_class: type[forms.BaseForm], data: dict, arguments: dict[str, Any]) -> Any:
    """The form bound to `data`, given the keyword arguments its constructor requires."""
    needed = {}
    for name, parameter in _keyword_only(form_class).items():
        if name in arguments:
            needed[name] = arguments[name]
        elif parameter.default is inspect.Parameter.empty:
            pytest.fail(f"{form_class.__name__} needs `{name}`: add it to constructor_arguments")
    return form_class(data, **needed)


def _keyword_only(form_class: type) -> dict[str, inspect.Parameter]:
    """The keyword-only parameters of the form's constructors, down its bases for as long as
    each passes its other keyword arguments on."""
    found: dict[str, inspect.Parameter] = {}
    for klass in form_class.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        parameters = inspect.signature(init).parameters.values()
        for parameter in parameters:
            if parameter.kind is inspect.Parameter.KEYWORD_ONLY:
                found.setdefault(parameter.name, parameter)
        if not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
            break
    return found


def _posted(form: forms.BaseForm, day: str) -> dict[str, str]:
    """`day` in every date field of `form` (a split date-time: the day at midnight)."""
    data: dict[str, str] = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.SplitDateTimeField):
            data.update({f"{name}_0": day, f"{name}_1": "00:00"})
        elif isinstance(field, DATE_FIELDS):
            data[name] = day
    return data


def _assert_refused_naming_each_field(form: forms.BaseForm, dated: list[str]) -> None:
    assert dated, f"{type(form).__name__} shows no date field"
    assert not form.is_valid()
    for name in dated:
        label = str(form.fields[name].label or name)
        expected = f"{label}: enter a date between 1900 and 2100."
        assert expected in form.errors.get(name, []), (
            f"{type(form).__name__}.{name}: {form.errors.get(name)}"
        )


def test_the_walk_finds_the_forms_with_dates():
    """The walk is not empty: it finds at least the forms known to take dates."""
    names = {form.__name__ for form in forms_with_dates()}
    assert {"DisclosureRequestForm", "DisclosureRecordForm", "AuditSearchForm"} <= names
    assert {"LossReportForm", "SimulatorForm", "ReleaseCaptureForm", "ReleaseSignForm"} <= names


@pytest.mark.parametrize("day", OUT_OF_RANGE)
@pytest.mark.parametrize("form_class", forms_with_dates(), ids=lambda f: f.__name__)
def test_every_form_refuses_a_year_outside_1900_to_2100_naming_the_field(
    form_class, day, constructor_arguments
):
    empty = _build(form_class, {}, constructor_arguments)
    form = _build(form_class, _posted(empty, day), constructor_arguments)
    dated = [name for name, field in form.fields.items() if isinstance(field, DATE_FIELDS)]
    _assert_refused_naming_each_field(form, dated)


def _admin_forms(request) -> Iterator[tuple[str, type[forms.BaseForm]]]:
    """Every form the admin edits the portal's models with (add and change pages, inlines)."""
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in ADMIN_APPS:
            continue
        instance = request.user if model is User else None
        if instance is None and not model_admin.has_add_permission(request):
            continue
        if instance is not None and not model_admin.has_change_permission(request, instance):
            continue
        name = model.__name__
        yield name, model_admin.get_form(request, instance, change=instance is not None)
        for inline in model_admin.get_inline_instances(request, instance):
            yield f"{name} inline {inline.model.__name__}", inline.get_formset(request).form


@pytest.mark.parametrize("day", OUT_OF_RANGE)
def test_every_admin_form_refuses_a_year_outside_1900_to_2100_naming_the_field(day):
    """The superusers' admin pages that edit clients, cases, relations, assignments and
    accounts took any year (0001-01-01 as a date of birth)."""
    superuser = UserFactory(is_superuser=True, is_staff=True)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    checked = []
    for name, form_class in _admin_forms(request):
        empty = form_class()
        dated = [n for n, f in empty.fields.items() if isinstance(f, DATE_FIELDS)]
        if not dated:
            continue
        form = form_class(_posted(empty, day))
        _assert_refused_naming_each_field(form, dated)
        checked.append(name)
    assert {"Client", "Case", "ClientRelation", "CaseAssignment"} <= set(checked)


def test_the_casework_import_refuses_a_year_outside_1900_to_2100(tmp_path):
    """The import took a date of birth of 0001-01-01 (breaking a minor's age) as readily as a
    form would have."""
    (tmp_path / "clients.csv").write_text(
        "client_number,first_name,last_name,date_of_birth\n"
        "CL-1,Ana,Reyes,0001-01-01\n"
        "CL-2,Ben,Reyes,9999-12-31\n"
        "CL-3,Cal,Reyes,1900-01-01\n"
    )
    with pytest.raises(ImportRejected) as refused:
        casework_import(files={"clients": tmp_path / "clients.csv"})
    problems = refused.value.problems
    assert "clients.csv:2: date_of_birth: 0001-01-01 is not between 1900 and 2100" in problems
    assert "clients.csv:3: date_of_birth: 9999-12-31 is not between 1900 and 2100" in problems
    assert not [p for p in problems if p.startswith("clients.csv:4")]
