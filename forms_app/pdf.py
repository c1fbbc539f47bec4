"""Printable DCF-2131T and DCF-2131F forms, rendered with WeasyPrint.

A form is rendered from a plain dictionary of what it prints (`release_facts`), so the same
dictionary, hashed with the templates, is the fingerprint that tells a stored PDF is still
current. Rendering never reaches the network: the URL fetcher refuses everything except inline
`data:` URLs and files inside the static folders, and the stylesheet is inlined.
"""

import hashlib
import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import get_template, render_to_string
from weasyprint import HTML, Document
from weasyprint.urls import URLFetcher, URLFetcherResponse

from forms_app.choices import (
    COPY_STATEMENT,
    FORM_TITLES,
    STATEMENTS,
    ReleaseForm,
    SignerKind,
)
from forms_app.models import CATEGORIES_NEEDING_THEIR_OWN_FORM, ReleaseAuthorization
from requests_app.choices import InformationCategory

# WeasyPrint reports every rendering step at INFO; the portal's logs need only its warnings
# (a refused URL among them).
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

PDF_TEMPLATE = "forms_app/pdf/release.html"
PDF_STYLESHEET = "forms_app/pdf/release.css"
DCF_NAME = "Connecticut Department of Children and Families"
DEFAULT_DCF_ADDRESS = "505 Hudson Street, Hartford, CT 06106"


class RefusedURL(ValueError):
    """A resource the PDF renderer may not fetch."""


def static_roots() -> list[Path]:
    """Folders whose files a template may reference (fonts or images, never remote)."""
    roots = [Path(p) for p in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


class LocalOnlyFetcher(URLFetcher):
    """Fetch `data:` URLs and local static files; refuse everything else, so a template (or a
    value typed into a form) can never make the server reach out to the network."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if any(path.is_relative_to(root) for root in static_roots()):
                return super().fetch(url, headers)
        raise RefusedURL(f"Refused to fetch {url!r} while rendering a PDF.")


def base_url() -> str:
    """Relative URLs in the templates resolve inside the project's static folder."""
    return (Path(settings.BASE_DIR) / "static").resolve().as_uri() + "/"


def document_from_html(html: str) -> Document:
    return HTML(string=html, base_url=base_url(), url_fetcher=LocalOnlyFetcher()).render()


def pdf_from_html(html: str) -> bytes:
    return document_from_html(html).write_pdf()


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


def release_facts(release: ReleaseAuthorization) -> dict[str, Any]:
    """Everything the printed form shows, as plain values (strings, booleans, lists). Select
    `selectors.RELEASE_RELATED` with the release so this reads nothing more."""
    client = release.client
    profile = getattr(release.prepared_by, "staff_profile", None)
    preparer = release.prepared_by.get_full_name() or release.prepared_by.username
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
    stage = "signed" if signed else "ready" if release.ready_for_signature_at else "draft"
    revocation = None
    if release.revoked_on:
        recorder = release.revoked_recorded_by
        revocation = {
            "on": _day(release.revoked_on),
            "how": release.get_revocation_received_how_display(),
            "recorded_by": recorder.get_full_name() or recorder.username if recorder else "",
        }
    return {
        "form": release.form,
        "title": FORM_TITLES[ReleaseForm(release.form)],
        "number": release.number,
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
        "stage": stage,
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
        digest.update(get_template(name).template.source.encode())
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
