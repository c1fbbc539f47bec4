"""`{% relation_badges relation %}`: whether a relation of record was verified (and when), and
whether parental rights were terminated, as tags.

A tag written in Python rather than an included template: the home page shows it for every
relation of every client of a page of cases, and an include costs a context copy and a render.
"""

from django import template
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.safestring import SafeString

from requests_app.models import ClientRelation

register = template.Library()


def _tag(kind: str, text: str) -> SafeString:
    return format_html('<span class="tag tag-{}">{}</span>', kind, text)


@register.simple_tag
def relation_badges(relation: ClientRelation) -> SafeString:
    if relation.verified_on is not None:  # relation.is_verified
        badges = _tag("ok", f"Verified {format_date(relation.verified_on, 'M j, Y')}")
    else:
        badges = _tag("warn", "Not verified")
    if relation.parental_rights_terminated:
        badges = format_html("{} {}", badges, _tag("danger", "Parental rights terminated"))
    return badges
