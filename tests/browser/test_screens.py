"""Screenshots of the pages people spend their day on, for the docs: `make screens`.

The demo data (`manage.py seed_demo`) and one request waiting on Legal Affairs, in a test
database; each page whole, at 375 and at 1280 pixels wide, as PNG files in docs/screens/
(home-375.png, request-1280.png, ...). Skipped unless SCREENS=1, so the browser suite does not
rewrite the pictures.
"""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from requests_app.management.demo import seed_demo
from requests_app.models import DisclosureRequest
from requests_app.services.reviews import review_claim
from tests.factories import submitted_request

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser,
    pytest.mark.screens,
    pytest.mark.skipif(not os.environ.get("SCREENS"), reason="screenshots only with SCREENS=1"),
]

SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
WIDTHS = (375, 1280)


@pytest.fixture
def demo() -> dict[str, tuple[str, str]]:
    """The demo, and each page to take: screenshot name -> (username, path)."""
    seed_demo(today=timezone.localdate())
    worker = User.objects.get(username="worker")
    disclosed = (
        DisclosureRequest.objects.filter(requester=worker, reviews__isnull=False)
        .exclude(disclosure=None)
        .order_by("pk")
        .first()
    )
    assert disclosed is not None, "the demo has an approved and disclosed request"
    client = disclosed.client
    waiting = submitted_request(
        worker,
        client.cases.get(),
        client=client,
        recipient_kind="third_party",
        recipient_name="Northside Family Services",
        recipient_address="12 Main Street, Hartford, CT 06103",
        purpose="Referral for in-home family support",
    )
    review = review_claim(review=waiting.reviews.get(), reviewer=User.objects.get(username="legal"))
    return {
        "home": ("worker", reverse("home")),
        "request": ("worker", reverse("requests:detail", args=[disclosed.pk])),
        "review": ("legal", reverse("requests:review", args=[review.pk])),
        "accounting": ("worker", reverse("requests:accounting", args=[client.pk])),
    }


def test_screens(demo, live_server, page, sign_in_as):
    """Each page, whole, at each width; a page that does not open fails the run."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    for name, (username, path) in demo.items():
        sign_in_as(User.objects.get(username=username))
        response = page.goto(live_server.url + path)
        assert response is not None and response.ok and page.url == live_server.url + path, name
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            page.screenshot(path=SCREENS / f"{name}-{width}.png", full_page=True)
