"""{% id_url %} gives exactly what {% url %} gives, for routes taking one integer id."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix

from requests_app.templatetags.portal_urls import id_url

ROUTES = ["requests:detail", "requests:review", "requests:accounting", "forms:detail"]


@pytest.mark.parametrize("name", ROUTES)
@pytest.mark.parametrize("pk", [1, 42, 1_000_007])
def test_the_same_url_as_reverse(name, pk):
    assert id_url(name, pk) == reverse(name, args=[pk])


def test_under_a_script_prefix_too():
    set_script_prefix("/portal/")
    try:
        assert id_url("requests:detail", 7) == reverse("requests:detail", args=[7])
        assert id_url("requests:detail", 7).startswith("/portal/")
    finally:
        set_script_prefix("/")
    assert id_url("requests:detail", 7) == "/requests/7/"


def test_the_template_tag_and_its_refusals():
    page = Template('{% load portal_urls %}<a href="{% id_url "requests:detail" pk %}">')
    assert page.render(Context({"pk": 12})) == '<a href="/requests/12/">'
    with pytest.raises(ValueError):
        id_url("requests:detail", "12; drop")
    with pytest.raises(NoReverseMatch):
        id_url("requests:list", 3)
