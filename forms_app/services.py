"""Every write to a release goes through a function here: atomic, checking the actor may work on
the release, keeping its history, and keeping its lifecycle in order:

    draft -> ready for signature (printed) -> signed (date and scan) -> current
          -> expired (by date, derived) | revoked (date, who, how received)

Status itself is never stored: `ReleaseAuthorization.status_on(day)` derives it from these facts.
"""

import datetime
import secrets
import uuid
from collections.abc import Callable, Iterable
from typing import cast

import pghistory
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone

from forms_app import pdf, selectors
from forms_app.choices import ReleaseEventKind, RevocationReceipt, SignerKind
from forms_app.models import (
    ReleaseAuthorization,
    ReleaseEvent,
    ReleasePrint,
    ReleasePrintBatch,
)
from forms_app.uploads import validate_scan
from requests_app import audit, permissions
from requests_app.choices import RelationKind
from requests_app.dates import day_in_words
from requests_app.notifications import notify
from requests_app.people import display_name
from requests_app.selectors.casework import unit_supervisors


def _event(
    *, release: ReleaseAuthorization, kind: ReleaseEventKind, actor: User, detail: str = ""
) -> ReleaseEvent:
    # Every step on a release is a change to client information: audit it as well.
    audit.record_change(actor, str(kind), release, client=release.client, detail=detail)
    return ReleaseEvent.objects.create(
        release=release, kind=kind, actor=actor, at=timezone.now(), detail=detail[:300]
    )


def _locked(release: ReleaseAuthorization) -> ReleaseAuthorization:
    """The release read again under a row lock, so two submissions cannot both pass a check."""
    return (
        ReleaseAuthorization.objects.select_for_update(of=("self",))
        .select_related(*selectors.RELEASE_RELATED)
        .get(pk=release.pk)
    )


def _apply_signer(release: ReleaseAuthorization) -> None:
    """The signer's name comes from the record: the client, or the chosen relation."""
    if release.signer_kind == SignerKind.AUTHORIZED_REPRESENTATIVE and release.signer_relation:
        release.signer_name = release.signer_relation.full_name
    else:
        release.signer_kind = SignerKind.CLIENT
        release.signer_relation = None
        release.signer_relationship = ""
        release.signer_authority = ""
        release.signer_name = release.client.full_name


#: A client under 18 and not emancipated cannot consent to a release (§17a-28).
MINOR_CLIENT_SIGNS = (
    "The client {was} a minor (under 18 and not emancipated) and cannot sign a release: a "
    "parent, guardian or other authorized representative of record must sign."
)


def _signer_problem(release: ReleaseAuthorization, day: datetime.date) -> tuple[str, str] | None:
    """Why the chosen signer may not sign on `day`: the field it concerns (who signs, or which
    representative) and the message; None when they may."""
    if release.signer_kind == SignerKind.CLIENT:
        if release.client.is_minor_on(day):
            return "signer_kind", MINOR_CLIENT_SIGNS.format(was="is")
        return None
    problem = _representative_problem(release, day)
    return None if problem is None else ("signer_relation", problem)


def _representative_problem(release: ReleaseAuthorization, day: datetime.date) -> str | None:
    """Why the chosen representative may not sign on `day`, or None."""
    relation = release.signer_relation
    if release.signer_kind != SignerKind.AUTHORIZED_REPRESENTATIVE or relation is None:
        return None
    if relation.parental_rights_terminated:
        return (
            f"{relation.full_name} is a parent whose parental rights were terminated, and "
            "cannot sign a release for this client. Choose another signer."
        )
    if not relation.is_of_record_on(day):
        return f"{relation.full_name} is no longer a relation of record of this client."
    if relation.kind == RelationKind.PARENT and not release.client.is_minor_on(day):
        return (
            f"The client is an adult, so {relation.full_name} cannot sign as a parent. The client "
            "signs, or a representative with authority (a guardian or conservator) of record."
        )
    return None


def _check_capture(release: ReleaseAuthorization, today: datetime.date) -> None:
    """Checks that depend on the date, on top of the model's own (`full_clean`), and the
    release's dates together again: marking a draft ready runs no `full_clean`."""
    errors: dict[str, str] = {}
    errors.update(release.date_errors())
    if release.expires_on and release.expires_on < today:
        errors["expires_on"] = "The expiry date has already passed: choose a later date."
    problem = _signer_problem(release, today)
    if problem:
        field, message = problem
        errors[field] = message
    if errors:
        raise ValidationError(errors)


def _capture(release: ReleaseAuthorization, today: datetime.date) -> None:
    """Check a release as prepared or changed: the signer from the record, the model's own
    checks, and those that depend on the date; then save it."""
    _apply_signer(release)
    release.full_clean()
    _check_capture(release, today)
    release.save()


@transaction.atomic
def release_create(
    *,
    prepared_by: User,
    draft: ReleaseAuthorization,
    today: datetime.date | None = None,
) -> ReleaseAuthorization:
    """Prepare a draft DCF-2131T or DCF-2131F (`draft`, unsaved, as the capture form built it)
    for a client the preparer may see."""
    today = today or timezone.localdate()
    permissions.require(
        permissions.may_see_client(user=prepared_by, client_id=draft.client_id),
        "You may not prepare releases for this client.",
    )
    release = draft
    release.pk = None
    release.prepared_by = prepared_by
    release.number = f"new-{uuid.uuid4().hex[:20]}"
    _capture(release, today)
    # The reference number is readable and sequential: form, year, then the row's id.
    release.number = f"{release.form.removeprefix('DCF-')}-{today.year}-{release.pk:06d}"
    release.save(update_fields=["number"])
    _event(release=release, kind=ReleaseEventKind.CREATED, actor=prepared_by)
    return release


#: What a change to a draft never touches: the row's identity and its history.
_NOT_EDITED = {"id", "created_at", "updated_at"}


@transaction.atomic
def release_update(
    *,
    release: ReleaseAuthorization,
    actor: User,
    today: datetime.date | None = None,
) -> ReleaseAuthorization:
    """Save the changes made to a draft (`release`, as the capture form changed it). Once
    printed for signature a release is what the signer reads: no edits."""
    today = today or timezone.localdate()
    permissions.require_release_change(user=actor, release=release)
    stored = _locked(release)
    if not stored.is_draft:
        raise ValidationError("Only a draft can be changed; this release was already printed.")
    changed = [
        str(field.verbose_name)
        for field in ReleaseAuthorization._meta.concrete_fields
        if field.attname not in _NOT_EDITED
        and getattr(stored, field.attname) != getattr(release, field.attname)
    ]
    _capture(release, today)
    _event(release=release, kind=ReleaseEventKind.UPDATED, actor=actor, detail=", ".join(changed))
    return release


@transaction.atomic
def release_mark_ready(
    *, release: ReleaseAuthorization, actor: User, today: datetime.date | None = None
) -> ReleaseAuthorization:
    """The draft is final and printed for the signer: from now on it cannot be edited."""
    today = today or timezone.localdate()
    permissions.require_release_change(user=actor, release=release)
    release = _locked(release)
    if not release.is_draft:
        raise ValidationError("This release is already marked ready for signature.")
    _check_capture(release, today)
    release.ready_for_signature_at = timezone.now()
    release.save(update_fields=["ready_for_signature_at", "updated_at"])
    _event(release=release, kind=ReleaseEventKind.MARKED_READY, actor=actor)
    return release


@transaction.atomic
def release_return_to_draft(
    *, release: ReleaseAuthorization, actor: User, reason: str
) -> ReleaseAuthorization:
    """A release printed for signature but not signed goes back to draft, so it can be changed;
    the reason stays on its history and the printed copies are no longer the form to sign."""
    permissions.require_release_change(user=actor, release=release)
    release = _locked(release)
    if not release.is_awaiting_signature:
        raise ValidationError(
            "Only a release printed for signature and not yet signed can go back to draft."
        )
    if not reason.strip():
        raise ValidationError({"reason": "Say why the release goes back to draft."})
    release.ready_for_signature_at = None
    release.save(update_fields=["ready_for_signature_at", "updated_at"])
    _event(
        release=release, kind=ReleaseEventKind.RETURNED_TO_DRAFT, actor=actor, detail=reason.strip()
    )
    return release


def _unit_supervisors(release: ReleaseAuthorization) -> list[User]:
    profile = getattr(release.prepared_by, "staff_profile", None)
    if profile is None:
        return []
    return list(unit_supervisors(unit_id=profile.unit_id))


@transaction.atomic
def release_sign(
    *,
    release: ReleaseAuthorization,
    actor: User,
    signed_on: datetime.date,
    scan: UploadedFile,
    read_right_to_revoke: bool,
    read_services_not_conditioned: bool,
    read_redisclosure_warning: bool,
    copy_given_to_signer: bool,
    today: datetime.date | None = None,
) -> ReleaseAuthorization:
    """Record the signature: its date, the statements the signer was given, and the signed scan.
    The unit's supervisors are told a form is waiting to be printed."""
    today = today or timezone.localdate()
    permissions.require_release_change(user=actor, release=release)
    release = _locked(release)
    if not release.is_awaiting_signature:
        raise ValidationError("This release is not waiting for a signature.")
    errors: dict[str, str] = {}
    printed_on = timezone.localdate(release.ready_for_signature_at)
    if signed_on > today:
        errors["signed_on"] = "The signature date cannot be in the future."
    elif signed_on < printed_on:
        errors["signed_on"] = (
            f"The signature date is before the form was printed for signature "
            f"({printed_on:%B %-d, %Y})."
        )
    elif signed_on > release.expires_on:
        errors["signed_on"] = "The signature date is after the release's expiry date."
    else:
        errors.update(_signature_date_errors(release, signed_on))
    for name, given, statement in (
        ("read_right_to_revoke", read_right_to_revoke, "the right to revoke"),
        ("read_services_not_conditioned", read_services_not_conditioned, "services"),
        ("read_redisclosure_warning", read_redisclosure_warning, "redisclosure"),
    ):
        if not given:
            errors[name] = f"Confirm the signer was given the statement on {statement}."
    try:
        scan_type = validate_scan(scan)
    except ValidationError as error:
        errors["scan"] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    problem = _signer_problem(release, signed_on)
    if problem:
        field, message = problem
        if field == "signer_kind":
            message = (
                f"{MINOR_CLIENT_SIGNS.format(was='was')} Return the form to draft and choose "
                "who signs."
            )
        raise ValidationError(message)
    release.signed_on = signed_on
    release.read_right_to_revoke = True
    release.read_services_not_conditioned = True
    release.read_redisclosure_warning = True
    release.copy_given_to_signer = copy_given_to_signer
    # A generated name: the uploaded name could carry a client's name into the file system.
    name = f"release-{release.pk}-{secrets.token_hex(8)}.{scan_type.extension}"
    release.signed_scan.save(name, scan, save=False)
    release.signed_scan_kind = scan_type.kind
    release.save()
    _event(release=release, kind=ReleaseEventKind.SIGNED, actor=actor, detail=f"{signed_on}")
    notify(
        users=_unit_supervisors(release),
        subject=f"{release.reference} is signed and waiting to be printed",
        body="A signed release prepared in your unit is in your print queue.",
        link=reverse("forms:print_queue"),
    )
    return release


def _signature_date_errors(
    release: ReleaseAuthorization, signed_on: datetime.date
) -> dict[str, str]:
    """What the signing date must respect of the release as printed (README, "A release's
    dates"), as messages on the date signed: the form cannot be changed once printed, so the way
    out is to return it to draft."""
    again = "Return the form to draft, change its dates and print it again."
    if signed_on > release.effective_on:
        return {
            "signed_on": (
                f"Date signed: the release takes effect on {day_in_words(release.effective_on)}, "
                f"before this date, and a release cannot take effect before it is signed. {again}"
            )
        }
    born = release.client.date_of_birth
    if signed_on < born:
        return {
            "signed_on": (
                f"Date signed: the client was born on {day_in_words(born)}; a release cannot "
                "be signed before the client's birth."
            )
        }
    limit = settings.RELEASE_MAX_DAYS
    if release.expires_on > signed_on + datetime.timedelta(days=limit):
        expires = day_in_words(release.expires_on)
        return {
            "signed_on": (
                f"Date signed: the release expires on {expires}, more than {limit} days after "
                f"this date; consent is given for a limited time. {again}"
            )
        }
    return {}


@transaction.atomic
def release_revoke(
    *,
    release: ReleaseAuthorization,
    actor: User,
    revoked_on: datetime.date,
    received_how: str,
    note: str = "",
    today: datetime.date | None = None,
) -> ReleaseAuthorization:
    """Record the signer's written revocation. From `revoked_on` the release is revoked; what
    was disclosed before stays disclosed."""
    today = today or timezone.localdate()
    permissions.require_release_change(user=actor, release=release)
    release = _locked(release)
    if release.signed_on is None:  # not release.is_signed
        raise ValidationError("Only a signed release can be revoked.")
    if release.revoked_on:
        raise ValidationError(f"This release was already revoked on {release.revoked_on}.")
    errors: dict[str, str] = {}
    if revoked_on > today:
        errors["revoked_on"] = "The revocation date cannot be in the future."
    elif revoked_on < release.signed_on:
        errors["revoked_on"] = "The revocation date is before the release was signed."
    if received_how not in RevocationReceipt.values:
        errors["revocation_received_how"] = "Choose how the written revocation was received."
    elif received_how == RevocationReceipt.OTHER and not note.strip():
        errors["revocation_note"] = "Describe how the written revocation was received."
    if errors:
        raise ValidationError(errors)
    release.revoked_on = revoked_on
    release.revoked_recorded_by = actor
    release.revocation_received_how = received_how
    release.revocation_note = note.strip()
    release.save()
    _event(release=release, kind=ReleaseEventKind.REVOKED, actor=actor, detail=f"{revoked_on}")
    return release


#: The dates `release_correct_dates` corrects, with the words the page and the history use.
CORRECTABLE_DATES = (
    ("signed_on", "Date signed"),
    ("effective_on", "Effective date"),
    ("expires_on", "Expiry date"),
)


def _corrected_date_errors(row: ReleaseAuthorization, today: datetime.date) -> dict[str, str]:
    """What corrected dates must respect beyond the release's own rules (`date_errors`): the
    other things recorded on the release, as messages naming the field."""
    signed = row.signed_on
    if signed is None:
        return {}
    if signed > today:
        return {"signed_on": "Date signed: the signature date cannot be in the future."}
    if row.ready_for_signature_at is not None:
        printed_on = timezone.localdate(row.ready_for_signature_at)
        if signed < printed_on:
            return {
                "signed_on": (
                    "Date signed: the form was printed for signature on "
                    f"{day_in_words(printed_on)}; it cannot have been signed before."
                )
            }
    for done, what in (
        (row.revoked_on, "was revoked"),
        (row.sent_to_provider_on, "was sent to the provider"),
    ):
        if done is not None and done < signed:
            return {"signed_on": f"Date signed: the release {what} on {day_in_words(done)}."}
    return {}


@transaction.atomic
def release_correct_dates(
    *,
    release: ReleaseAuthorization,
    actor: User,
    signed_on: datetime.date,
    effective_on: datetime.date,
    expires_on: datetime.date,
    reason: str,
    today: datetime.date | None = None,
) -> ReleaseAuthorization:
    """Correct a wrong date on a signed release (a slip when it was recorded). Only whoever
    prepared it may, with a reason; the corrected dates follow the same rules as new ones. The
    change is never silent: the release's field history keeps the dates before and after with the
    reason (`pghistory.context`), the page's history shows it, and it is an access event
    (`correct`). A draft is changed on its edit page, and a form printed for signature goes back
    to draft first."""
    today = today or timezone.localdate()
    permissions.require_release_date_correction(user=actor, release=release)
    release = _locked(release)
    if release.signed_on is None:
        raise ValidationError(
            "Only a signed release has its dates corrected here: change a draft on its edit "
            "page, and return a form printed for signature to draft first."
        )
    before = {field: getattr(release, field) for field, _ in CORRECTABLE_DATES}
    release.signed_on, release.effective_on, release.expires_on = (
        signed_on,
        effective_on,
        expires_on,
    )
    changes = [
        f"{label} {day_in_words(before[field])} to {day_in_words(getattr(release, field))}"
        for field, label in CORRECTABLE_DATES
        if getattr(release, field) != before[field]
    ]
    errors = {**release.date_errors(), **_corrected_date_errors(release, today)}
    reason = reason.strip()
    if not reason:
        errors["reason"] = "Reason for the correction: say why the recorded dates were wrong."
    if not changes:
        errors.setdefault(
            "signed_on", "Date signed: these are the dates already recorded; change the wrong one."
        )
    if errors:
        raise ValidationError(errors)
    corrected = "; ".join(changes)
    with pghistory.context(
        reason=reason, correction=True, corrected=corrected, by=display_name(actor), user=actor.pk
    ):
        release.save(update_fields=[field for field, _ in CORRECTABLE_DATES] + ["updated_at"])
    audit.record_change(actor, "correct", release, client=release.client, detail=corrected)
    return release


def _track(
    *,
    release: ReleaseAuthorization,
    actor: User,
    field: str,
    day: datetime.date,
    today: datetime.date | None,
    refusal: Callable[[ReleaseAuthorization, datetime.date], str],
    kind: ReleaseEventKind,
) -> ReleaseAuthorization:
    """Record one step of a DCF-2131T's request for records (`field` set to `day`), unless the
    step is already recorded or `refusal` (given the locked release and today) says why not."""
    today = today or timezone.localdate()
    permissions.require_release_change(user=actor, release=release)
    release = _locked(release)
    if not release.tracks_provider:
        raise ValidationError("Only a DCF-2131T is sent to a provider for records.")
    if not release.is_signed:
        raise ValidationError("The release must be signed before it is sent to the provider.")
    done = getattr(release, field)
    if done:
        label = "sent" if field == "sent_to_provider_on" else "received"
        raise ValidationError(f"Already recorded as {label} on {done}.")
    message = refusal(release, today)
    if message:
        raise ValidationError({field: message})
    setattr(release, field, day)
    release.save(update_fields=[field, "updated_at"])
    _event(release=release, kind=kind, actor=actor, detail=f"{day}")
    return release


@transaction.atomic
def release_mark_sent(
    *,
    release: ReleaseAuthorization,
    actor: User,
    sent_on: datetime.date,
    today: datetime.date | None = None,
) -> ReleaseAuthorization:
    """A DCF-2131T request for records went to the provider on `sent_on`."""

    def refusal(row: ReleaseAuthorization, today: datetime.date) -> str:
        if sent_on > today:
            return "The date sent cannot be in the future."
        # Signed: _track refuses an unsigned release before asking.
        if sent_on < cast(datetime.date, row.signed_on):
            return "The date sent is before the release was signed."
        if row.revoked_on and row.revoked_on <= sent_on:
            return "The release was revoked by that date: it cannot be sent."
        if sent_on > row.expires_on:
            return "The release had expired by that date: it cannot be sent."
        return ""

    return _track(
        release=release,
        actor=actor,
        field="sent_to_provider_on",
        day=sent_on,
        today=today,
        refusal=refusal,
        kind=ReleaseEventKind.SENT_TO_PROVIDER,
    )


@transaction.atomic
def release_records_received(
    *,
    release: ReleaseAuthorization,
    actor: User,
    received_on: datetime.date,
    today: datetime.date | None = None,
) -> ReleaseAuthorization:
    """The provider's records arrived at DCF on `received_on`."""

    def refusal(row: ReleaseAuthorization, today: datetime.date) -> str:
        if received_on > today:
            return "The date cannot be in the future."
        if not row.sent_to_provider_on:
            return "Record when the request was sent before the records arrived."
        if received_on < row.sent_to_provider_on:
            return "The records cannot arrive before the request was sent."
        return ""

    return _track(
        release=release,
        actor=actor,
        field="records_received_on",
        day=received_on,
        today=today,
        refusal=refusal,
        kind=ReleaseEventKind.RECORDS_RECEIVED,
    )


def _stored_pdf(release: ReleaseAuthorization) -> FieldFile | None:
    """The stored PDF when it prints exactly what the release says now, else None."""
    stored = release.rendered_pdf
    if (
        stored.name  # a file is stored (what `if stored` tests)
        and release.rendered_pdf_fingerprint == pdf.fingerprint(pdf.release_facts(release))
        and stored.storage.exists(stored.name)
    ):
        return stored
    return None


def _in_a_sentence(words: str) -> str:
    """`words` to go after a comma: the first letter in lower case."""
    return words[:1].lower() + words[1:]


#: What a printed copy is, by the release's stage, on its "printed" history step.
_COPY_KINDS = {"draft": "draft copy", "ready": "copy for signature", "signed": "signed copy"}


def _record_printed(*, releases: Iterable[ReleaseAuthorization], actor: User, where: str) -> None:
    """A "printed" step on each release's history: a PDF of it was produced for `actor`, from
    `where`; a form printed although not current says so. (The download itself is the access
    event the view writes.)"""
    now = timezone.now()
    today = timezone.localdate(now)
    events = []
    for release in releases:
        notes = [_COPY_KINDS[pdf.stage(release)], where]
        if release.is_signed:
            notes.append(_in_a_sentence(release.print_warning(today)))
        detail = ", ".join(note for note in notes if note)
        events.append(
            ReleaseEvent(
                release=release,
                kind=ReleaseEventKind.PRINTED,
                actor=actor,
                at=now,
                detail=detail[:300],
            )
        )
    ReleaseEvent.objects.bulk_create(events)


def release_pdf_print(*, release: ReleaseAuthorization, actor: User) -> FieldFile:
    """The release's PDF for `actor` to print or keep (`release_pdf`), recorded as "printed" on
    its history once the PDF exists (one insert, after the render has committed): marking a
    form ready prints nothing."""
    stored = release_pdf(release=release)
    _record_printed(releases=[release], actor=actor, where="")
    return stored


def release_pdf(*, release: ReleaseAuthorization) -> FieldFile:
    """The release's printable PDF: the stored one while nothing it prints has changed,
    otherwise rendered afresh, stored, and the stale file deleted once the change commits.

    The stored PDF is served from the row as read, without a lock: the fingerprint and the facts
    it covers come from the same row. Rendering takes the row lock and checks again, so two
    requests never render the same release at once."""
    return _stored_pdf(release) or _render_pdf(release)


@transaction.atomic
def _render_pdf(release: ReleaseAuthorization) -> FieldFile:
    release = _locked(release)
    stored = _stored_pdf(release)
    if stored:
        return stored
    facts = pdf.release_facts(release)
    fingerprint = pdf.fingerprint(facts)
    stale = release.rendered_pdf.name if release.rendered_pdf else ""
    content = pdf.render_release(facts)
    name = f"release-{release.pk}-{fingerprint[:16]}.pdf"
    release.rendered_pdf.save(name, ContentFile(content), save=False)
    release.rendered_pdf_fingerprint = fingerprint
    release.rendered_pdf_at = timezone.now()
    # updated_at is left alone: rendering is not a change to the release.
    release.save(update_fields=["rendered_pdf", "rendered_pdf_fingerprint", "rendered_pdf_at"])
    if stale and stale != release.rendered_pdf.name:
        storage = release.rendered_pdf.storage
        transaction.on_commit(lambda: storage.delete(stale))
    return release.rendered_pdf


@transaction.atomic
def releases_print(
    *,
    printed_by: User,
    releases: Iterable[ReleaseAuthorization],
    include_flagged: bool = False,
    today: datetime.date | None = None,
) -> ReleasePrintBatch:
    """Print signed forms from the supervisor's queue as one batch; every form gets a row in
    the print log with who printed it and when. A revoked, expired or not yet effective form
    is printed only when the supervisor confirmed it (`include_flagged`)."""
    today = today or timezone.localdate()
    ids = {release.pk for release in releases}
    if not ids:
        raise ValidationError({"releases": "Select at least one form to print."})
    queue = selectors.print_queue(user=printed_by).select_for_update(of=("self",))
    waiting = list(queue.filter(pk__in=ids))
    if len(waiting) != len(ids):
        raise ValidationError(
            {"releases": "Some selected forms are no longer waiting to be printed. Try again."}
        )
    flagged = [release for release in waiting if release.print_warning(today)]
    if flagged and not include_flagged:
        names = ", ".join(
            f"{r.reference} ({_in_a_sentence(r.print_warning(today))})" for r in flagged
        )
        raise ValidationError(
            {"releases": f"Forms to print: confirm printing forms that are not current: {names}."}
        )
    now = timezone.now()
    batch = ReleasePrintBatch.objects.create(printed_by=printed_by, printed_at=now)
    ReleasePrint.objects.bulk_create(
        ReleasePrint(batch=batch, release=release, printed_by=printed_by, printed_at=now)
        for release in waiting
    )
    return batch


def print_batch_render(*, batch: ReleasePrintBatch, actor: User) -> bytes:
    """The forms of one print as a single PDF, in the order they were printed; each form's
    history records it as printed once the PDF is produced."""
    releases = [p.release for p in batch.prints.all()]
    content = pdf.render_releases([pdf.release_facts(release) for release in releases])
    _record_printed(releases=releases, actor=actor, where=f"print {batch.pk} from the print queue")
    return content
