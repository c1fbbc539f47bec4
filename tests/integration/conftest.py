"""Fixtures of the integration tests."""

import datetime

import pytest

from requests_app.models import Review
from requests_app.services.casework import assignment_create
from requests_app.services.reviews import review_claim, review_decide
from tests.factories import CaseFactory, StaffFactory, court_order, submitted_request


@pytest.fixture
def decided_review():
    """An escalated request (the engine's decision) decided by Legal Affairs."""
    worker = StaffFactory().user
    lawyer = StaffFactory(disclosure_role="other_dcf_staff", user__duties=["legal_affairs"]).user
    case = CaseFactory()
    assignment_create(case=case, staff=worker, starts_on=datetime.date(2025, 1, 1))
    request = submitted_request(
        worker, case, media=["email"], mode="verbal", requester_in_doubt=True
    )
    review = Review.objects.get(request=request)
    review_claim(review=review, reviewer=lawyer)
    review_decide(review=review, by=lawyer, resolution="approved", authority=court_order())
    return review
