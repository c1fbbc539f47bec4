"""`{% relation_badges relation %}`: the tags shown beside a relation of record."""

import datetime

from django.template import engines

from requests_app.models import ClientRelation
from requests_app.templatetags.relations import relation_badges


def test_a_verified_relation_shows_when_it_was_verified():
    relation = ClientRelation(verified_on=datetime.date(2026, 3, 5))
    assert relation_badges(relation) == '<span class="tag tag-ok">Verified Mar 5, 2026</span>'


def test_an_unverified_relation_with_rights_terminated_says_both():
    relation = ClientRelation(parental_rights_terminated=True)
    assert relation_badges(relation) == (
        '<span class="tag tag-warn">Not verified</span>'
        ' <span class="tag tag-danger">Parental rights terminated</span>'
    )


def test_the_tag_renders_as_markup_in_a_template():
    template = engines["django"].from_string("{% load relations %}{% relation_badges relation %}")
    html = template.render({"relation": ClientRelation(verified_on=datetime.date(2026, 1, 2))})
    assert html == '<span class="tag tag-ok">Verified Jan 2, 2026</span>'
