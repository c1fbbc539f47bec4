"""Template filters for releases: a release's status on a given day, and why it is flagged."""

import datetime

from django import template

from forms_app.choices import FORM_TITLES, STATEMENTS, ReleaseStatus
from forms_app.models import ReleaseAuthorization

register = template.Library()

STATUS_TAGS = {
    ReleaseStatus.DRAFT: "tag",
    ReleaseStatus.READY_FOR_SIGNATURE: "tag tag-warn",
    ReleaseStatus.SIGNED: "tag tag-ok",
    ReleaseStatus.CURRENT: "tag tag-ok",
    ReleaseStatus.EXPIRED: "tag tag-danger",
    ReleaseStatus.REVOKED: "tag tag-danger",
    ReleaseStatus.DATES_NOT_VALID: "tag tag-danger",
}


@register.filter
def status_on(release: ReleaseAuthorization, day: datetime.date) -> ReleaseStatus:
    """`{{ release|status_on:today }}`: derived from the release's dates, never stored."""
    return release.status_on(day)


@register.filter
def print_warning(release: ReleaseAuthorization, day: datetime.date) -> str:
    """`{{ release|print_warning:today }}`: why the form is flagged in the print queue, or ""."""
    return release.print_warning(day)


@register.filter
def status_tag(status: ReleaseStatus) -> str:
    """The CSS classes of the tag showing `status`."""
    return STATUS_TAGS.get(status, "tag")


@register.filter
def days_until(day: datetime.date, today: datetime.date) -> int:
    return (day - today).days


@register.simple_tag
def release_statements() -> list[dict[str, str]]:
    """The statements printed on every DCF-2131, for showing them on screen."""
    return [{"field": f, "heading": h, "text": t} for f, h, t in STATEMENTS]


@register.simple_tag
def form_title(form: str) -> str:
    return FORM_TITLES.get(form, form)
