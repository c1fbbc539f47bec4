"""Printable DCF-2131T and DCF-2131F forms (rendered by `requests_app.pdf`).

A form is rendered from a plain dictionary of what it prints (`release_facts`), so the same
dictionary, hashed with the templates, is the fingerprint that tells a stored PDF is still
current. The stylesheet is inlined.
"""

import hashlib
import json
from typing import Any, cast

from django.conf import settings
from django.template.backends.django import Template as DjangoTemplate
from django.template.loader import get_template, render_to_string

from forms_app.choices import (
    COPY_STATEMENT,
    FORM_TITLES,
    STATEMENTS,
    ReleaseForm,
    SignerKind,
)
from forms_app.models import CATEGORIES_NEEDING_THEIR_OWN_FORM, ReleaseAuthorization
from requests_app.choices import InformationCategory
from requests_app.pdf import document_from_html, pdf_from_html
from requests_app.people import display_name

PDF_TEMPLATE = "forms_app/pdf/release.html"
PDF_STYLESHEET = "forms_app/pdf/release.css"
DCF_NAME = "Connecticut Department of Children and Families"
DEFAULT_DCF_ADDRESS = "505 Hudson Street, Hartford, CT 06106"


def _day(value: Any) -> str:
    return f"{value:%B %-d, %Y}" if value else ""


def _party(name: str, organization: str, address: str) -> dict[str, str]:
    return {"name": name, "organization": organization, "address": address}


def _signer(release: ReleaseAuthorization) -> dict[str, Any]:
    representative = release.signer_kind == SignerKind.AUTHORIZED_REPRESENTATIVE
    return {
        "is_representative": representative,
        "kind": release.get_signer_kind_display(),
        "name": release.signer_name,
        "relationship": release.signer_relationship if representative else "",
        "authority": release.signer_authority if representative else "",
    }


def stage(release: ReleaseAuthorization) -> str:
    """What the printed form is: a draft, a form to sign ("ready") or a signed form."""
    if release.signed_on is not None:
        return "signed"
    return "ready" if release.ready_for_signature_at else "draft"


def release_facts(release: ReleaseAuthorization) -> dict[str, Any]:
    """Everything the printed form shows, as plain values (strings, booleans, lists). Select
    `selectors.RELEASE_RELATED` with the release so this reads nothing more."""
    client = release.client
    profile = getattr(release.prepared_by, "staff_profile", None)
    preparer = display_name(release.prepared_by)
    dcf = _party(
        DCF_NAME,
        f"Attention: {preparer}" + (f", {profile.unit.name}" if profile else ""),
        getattr(settings, "DCF_RELEASE_ADDRESS", DEFAULT_DCF_ADDRESS),
    )
    other = _party(
        release.counterparty_name, release.counterparty_organization, release.counterparty_address
    )
    to_dcf = release.form == ReleaseForm.TO_DCF
    chosen = set(release.categories)
    signed = release.signed_on is not None
    revocation = None
    if release.revoked_on:
        recorder = release.revoked_recorded_by
        revocation = {
            "on": _day(release.revoked_on),
            "how": release.get_revocation_received_how_display(),
            "recorded_by": display_name(recorder),
        }
    return {
        "form": release.form,
        "title": FORM_TITLES[ReleaseForm(release.form)],
        "number": release.number,
        "reference": release.reference,
        "to_dcf": to_dcf,
        "client": {
            "name": client.full_name,
            "number": client.client_number,
            "date_of_birth": _day(client.date_of_birth),
        },
        "discloser": other if to_dcf else dcf,
        "recipient": dcf if to_dcf else other,
        "categories": [
            {"label": label, "checked": value in chosen}
            for value, label in InformationCategory.choices
            if value not in CATEGORIES_NEEDING_THEIR_OWN_FORM
        ],
        "information_description": release.information_description,
        "information_from": _day(release.information_from),
        "information_to": _day(release.information_to),
        "purpose": release.purpose,
        "effective_on": _day(release.effective_on),
        "expires_on": _day(release.expires_on),
        "expiry_event": release.expiry_event,
        "signer": _signer(release),
        "statements": [
            {"heading": heading, "text": text, "read": signed and getattr(release, field)}
            for field, heading, text in STATEMENTS
        ],
        "copy_statement": COPY_STATEMENT,
        "copy_given": signed and release.copy_given_to_signer,
        "stage": stage(release),
        "signed_on": _day(release.signed_on),
        "scan_on_file": bool(release.signed_scan),
        "revocation": revocation,
        "prepared_by": preparer,
        "unit": profile.unit.name if profile else "",
    }


def fingerprint(facts: dict[str, Any]) -> str:
    """A hash of what a form prints and of the templates it is printed with."""
    digest = hashlib.sha256()
    digest.update(json.dumps(facts, sort_keys=True).encode())
    for name in (PDF_TEMPLATE, PDF_STYLESHEET):
        # A DjangoTemplates template (the portal's only backend): its source is on `.template`.
        template = cast(DjangoTemplate, get_template(name))
        digest.update(template.template.source.encode())
    return digest.hexdigest()


def release_html(facts: dict[str, Any]) -> str:
    return render_to_string(PDF_TEMPLATE, {"f": facts})


def render_release(facts: dict[str, Any]) -> bytes:
    """One form as a PDF document."""
    return pdf_from_html(release_html(facts))


def render_releases(facts_list: list[dict[str, Any]]) -> bytes:
    """Several forms as one PDF: each is laid out on its own (so each keeps its own header and
    "Page N of M"), then their pages are written as one document."""
    documents = [document_from_html(release_html(facts)) for facts in facts_list]
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()
