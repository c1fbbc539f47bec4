"""The date of a disclosure: the rules it follows when the disclosure is recorded and when a
wrong one is corrected, and the correction itself (kept in the entry's history and in the
accounting's, never a silent overwrite)."""

import datetime

import pghistory
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from requests_app import audit, permissions
from requests_app.dates import disclosure_date_problem
from requests_app.models import Disclosure, DisclosureCorrection, DisclosureRequest
from requests_app.models.limits import NOTE
from requests_app.selectors.requests import disclosure_allowed

#: The date's field as the forms label it (messages name it).
RECORDED_DATE_LABEL = "Date disclosed"
CORRECTED_DATE_LABEL = "Correct date of disclosure"
REASON_LABEL = "Reason for the correction"
REASON_REQUIRED = f"{REASON_LABEL}: say why the recorded date was wrong."
UNCHANGED_DATE = (
    f"{CORRECTED_DATE_LABEL}: the entry already has this date; enter the date the disclosure "
    "was actually made."
)


def disclosure_date_check(
    *,
    request: DisclosureRequest,
    disclosed_on: datetime.date,
    today: datetime.date,
    label: str = RECORDED_DATE_LABEL,
) -> None:
    """Refuse a date on which `request`'s information cannot have been disclosed: before the
    decision that allowed it, in the future, or outside the portal's range (ValidationError on
    `disclosed_on`, naming the field)."""
    allowed = disclosure_allowed(request=request)
    problem = disclosure_date_problem(
        disclosed_on,
        label=label,
        earliest=allowed.on if allowed else None,
        allowed_by=allowed.by if allowed else "",
        today=today,
    )
    if problem:
        raise ValidationError({"disclosed_on": problem})


def _reason_checked(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    if len(reason) > NOTE:
        raise ValidationError(
            {"reason": f"{REASON_LABEL}: at most {NOTE} characters (this has {len(reason)})."}
        )
    return reason


@transaction.atomic
def disclosure_correct(
    *,
    disclosure: Disclosure,
    user: User,
    disclosed_on: datetime.date,
    reason: str,
    today: datetime.date | None = None,
) -> DisclosureCorrection:
    """Correct the date of a recorded disclosure, by whoever recorded it or by Legal Affairs,
    with a reason. The new date follows the rules of a recorded one (`disclosure_date_check`).

    The accounting keeps the correction (the date before and after, who, when, why) and shows it;
    the entry's history (django-pghistory) records the change under a context carrying the
    reason; and the change is an access event (`correct`). A refused correction writes nothing.
    """
    today = today or timezone.localdate()
    entry = (
        Disclosure.objects.select_for_update(of=("self",))
        .select_related("request")
        .get(pk=disclosure.pk)
    )
    permissions.require(
        permissions.may_correct_disclosure(user=user, disclosure=entry),
        "Only whoever recorded the disclosure, or Legal Affairs, corrects its date.",
    )
    reason = _reason_checked(reason)
    if disclosed_on == entry.disclosed_on:
        raise ValidationError({"disclosed_on": UNCHANGED_DATE})
    disclosure_date_check(
        request=entry.request, disclosed_on=disclosed_on, today=today, label=CORRECTED_DATE_LABEL
    )
    correction = DisclosureCorrection.objects.create(
        disclosure=entry,
        previous_disclosed_on=entry.disclosed_on,
        disclosed_on=disclosed_on,
        reason=reason,
        corrected_by=user,
        corrected_at=timezone.now(),
    )
    with pghistory.context(reason=reason, correction=True, user=user.pk):
        entry.disclosed_on = disclosed_on
        entry.save(update_fields=["disclosed_on"])
    audit.record_change(
        user,
        "correct",
        entry,
        detail=f"date of disclosure {correction.previous_disclosed_on} -> {disclosed_on}",
    )
    return correction
