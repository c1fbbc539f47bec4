"""The Legal Affairs dashboard's median time to decision reads as a time: "2 min", "3.5 h",
"2.1 days", or "no decisions yet"; never "0.0 h"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from requests_app.models import Review
from requests_app.services import reviews as review_services
from tests.factories import court_order
from tests.integration import test_reviews

pytestmark = pytest.mark.django_db

escalated_request = test_reviews.escalated_request
#: The Legal Affairs lawyer of the review tests.
lawyer = test_reviews.lawyer


def decided_after(lawyer, open_for: datetime.timedelta) -> Review:
    """A review decided now, opened `open_for` ago."""
    review = escalated_request()
    Review.objects.filter(pk=review.pk).update(opened_at=timezone.now() - open_for)
    review.refresh_from_db()
    review_services.review_claim(review=review, reviewer=lawyer)
    review_services.review_decide(
        review=review, by=lawyer, resolution="approved", authority=court_order()
    )
    return review


def median_shown(client, lawyer) -> str:
    client.force_login(lawyer)
    response = client.get(reverse("requests:review_dashboard"))
    return response.context["figures"].median_in_words


@pytest.mark.parametrize(
    ("open_for", "words"),
    [
        pytest.param(datetime.timedelta(minutes=2), "2 min", id="two minutes, not 0.0 h"),
        pytest.param(datetime.timedelta(minutes=12), "12 min", id="minutes"),
        pytest.param(datetime.timedelta(hours=3, minutes=30), "3.5 h", id="hours"),
        pytest.param(datetime.timedelta(days=2, hours=2, minutes=24), "2.1 days", id="days"),
    ],
)
def test_the_median_reads_as_a_time(client, lawyer, open_for, words):
    decided_after(lawyer, open_for)
    assert median_shown(client, lawyer) == words
    page = client.get(reverse("requests:review_dashboard")).content.decode()
    assert f'<span class="stat-n">{words}</span> median time to decision' in page


def test_the_median_is_the_middle_decision(client, lawyer):
    for minutes in (5, 40, 600):
        decided_after(lawyer, datetime.timedelta(minutes=minutes))
    assert median_shown(client, lawyer) == "40 min"


def test_without_decisions_the_dashboard_says_so(client, lawyer):
    escalated_request()
    assert median_shown(client, lawyer) == "no decisions yet"
    page = client.get(reverse("requests:review_dashboard")).content.decode()
    assert "no decisions yet</span> median time to decision" in page
