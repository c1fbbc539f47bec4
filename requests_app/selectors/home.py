"""What a signed-in user's home page shows: what they do next, one section per part they play.

- Staff who work cases (`Standing.works_cases`): their requests waiting on them, the releases
  they are preparing, and their clients' releases about to expire.
- Supervisors: the unit's signed releases waiting to be printed, and the loss reports sent to
  them.
- Legal Affairs reviewers: the review queue counted, and the reviews they claimed.
- The Agency Legal Director, the Commissioner and the HR Director: open breach (and loss) reports.
- System administrators: the administration site.

A user with several parts sees each of their sections, and a section they do not have is None.
Every section costs a fixed number of queries whatever the data's size. The caseload and the
supervisees' cases are paged by the view (`views.casework.home`).
"""

import datetime
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

from django.contrib.auth.models import User
from django.db.models import Count, QuerySet, Subquery, Window

from forms_app.models import ReleaseAuthorization
from requests_app.models import DisclosureRequest, StaffProfile
from requests_app.permissions import is_system_admin, standing_of
from requests_app.selectors.casework import releases_expiring, releases_unsigned
from requests_app.selectors.incidents import IncidentsHome, incidents_home, losses_home
from requests_app.selectors.requests import requests_awaiting_requester
from requests_app.selectors.reviews import ReviewsHome, reviews_home

#: Rows of each short list; the rest are a link away.
HOME_ROWS = 10

Row = TypeVar("Row")


@dataclass(frozen=True)
class Shortlist(Generic[Row]):
    """The first rows of a longer list, and how many there are in all."""

    rows: list[Row]
    count: int

    @property
    def more(self) -> bool:
        return self.count > len(self.rows)


def shortlist(queryset: QuerySet, limit: int = HOME_ROWS) -> Shortlist:
    """The first `limit` rows and how many there are in all, in one query however long the
    list: PostgreSQL counts the rows (a window over all of them) before it keeps the first."""
    rows = list(queryset.annotate(in_all=Window(Count("pk")))[:limit])
    return Shortlist(rows=rows, count=rows[0].in_all if rows else 0)


@dataclass(frozen=True)
class HomePage:
    """The sections of a user's home page (None: not one of theirs)."""

    requests_waiting: Shortlist[DisclosureRequest] | None = None
    releases_unsigned: Shortlist[ReleaseAuthorization] | None = None
    releases_expiring: list[ReleaseAuthorization] | None = None
    releases_to_print: int | None = None
    losses: IncidentsHome | None = None
    reviews: ReviewsHome | None = None
    incidents: IncidentsHome | None = None
    administers: bool = False

    @property
    def clients_shown(self) -> list[int]:
        """The clients the page names (its caseload aside), for the audit of who looked."""
        rows = [
            *(self.requests_waiting.rows if self.requests_waiting else ()),
            *(self.releases_unsigned.rows if self.releases_unsigned else ()),
            *(self.releases_expiring or ()),
        ]
        reviews = self.reviews.claimed_rows if self.reviews else []
        return [row.client_id for row in rows] + [row.client_id for row in reviews]


def print_queue_size(*, user: User) -> int:
    """How many signed releases wait in the print queue of the supervisor's unit (one query)."""
    unit = StaffProfile.objects.filter(user=user).values("unit_id")[:1]
    waiting = ReleaseAuthorization.waiting_to_print_q(Subquery(unit))
    return ReleaseAuthorization.objects.filter(waiting).count()


def home_page(*, user: User, today: datetime.date, now: datetime.datetime) -> HomePage:
    """Every section of the user's home page, and the clients it names (for the audit)."""
    standing = standing_of(user)
    page = HomePage(
        reviews=reviews_home(user=user, today=today),
        incidents=incidents_home(user=user, now=now),
        administers=is_system_admin(user),
    )
    if standing.works_cases:
        page = replace(
            page,
            requests_waiting=shortlist(requests_awaiting_requester(user=user)),
            releases_unsigned=shortlist(releases_unsigned(user=user)),
            releases_expiring=releases_expiring(user=user, today=today),
        )
    if standing.is_supervisor:
        page = replace(
            page,
            releases_to_print=print_queue_size(user=user),
            losses=losses_home(user=user, now=now),
        )
    return page
