"""PDFs rendered with WeasyPrint, shared by every printed page of the portal (the releases, the
accounting of disclosures, the loss report).

Rendering never reaches the network: the URL fetcher refuses everything except inline `data:`
URLs and files inside the static folders.
"""

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from weasyprint import HTML, Document
from weasyprint.urls import URLFetcher, URLFetcherResponse

# WeasyPrint reports every rendering step at INFO; the portal's logs need only its warnings
# (a refused URL among them).
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


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


class RenderTooLong(Exception):
    """A PDF took longer than PDF_RENDER_SECONDS to lay out; it was abandoned."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise RenderTooLong in the block once `seconds` have passed (a web worker's main thread:
    gunicorn's sync workers serve each request there; elsewhere, as in the development server's
    threads, the block runs unbounded)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise RenderTooLong

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def document_from_html(html: str) -> Document:
    """The laid-out document, within PDF_RENDER_SECONDS (RenderTooLong after that)."""
    with time_limit(settings.PDF_RENDER_SECONDS):
        return HTML(string=html, base_url=base_url(), url_fetcher=LocalOnlyFetcher()).render()


def pdf_from_html(html: str) -> bytes:
    document = document_from_html(html)
    with time_limit(settings.PDF_RENDER_SECONDS):
        return document.write_pdf()
