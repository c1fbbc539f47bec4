"""Reading a request's records, scoped to the user."""

from django.contrib.auth.models import User
from django.shortcuts import get_object_or_404

from requests_app.models import DisclosureRequest, Document, DocumentPage
from requests_app.selectors.requests import requests_for_user


def documents_of_request(*, request: DisclosureRequest) -> list[Document]:
    """A request's records, oldest first, with who attached them (one query)."""
    return list(Document.objects.filter(request=request).select_related("uploaded_by"))


def document_for_user(*, user: User, pk: int) -> Document:
    """One record, of a request the user may see; 404 otherwise."""
    visible = Document.objects.filter(request__in=requests_for_user(user=user))
    return get_object_or_404(visible.select_related("request__client"), pk=pk)


def document_page_for_user(*, user: User, pk: int, number: int) -> DocumentPage:
    """One rendered page of a record the user may see; 404 otherwise (or until it is rendered)."""
    visible = DocumentPage.objects.filter(document__request__in=requests_for_user(user=user))
    return get_object_or_404(
        visible.select_related("document__request__client"), document_id=pk, number=number
    )
