"""Responses that carry client information: never cached, never sniffed into another type."""

from typing import IO, TypeVar

from django.http import FileResponse
from django.http.response import HttpResponseBase

Response = TypeVar("Response", bound=HttpResponseBase)


def private(response: Response) -> Response:
    """Mark a response holding client information: no cache keeps it, no browser re-types it."""
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def pdf_response(content: IO[bytes], filename: str) -> FileResponse:
    """A PDF of client information, offered under `filename` (which never names a client)."""
    response = FileResponse(content, content_type="application/pdf", filename=filename)
    private(response)
    return response
