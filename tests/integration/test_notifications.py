"""Opening a notification from the notification list (where the header's unread badge leads):
it is marked read, the badge counts one fewer, and the user lands on the page it is about, a
page of the portal only. Someone else's notification is not found."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from requests_app.models import Notification
from requests_app.notifications import notify
from tests.factories import LossReportFactory, StaffFactory

pytestmark = pytest.mark.django_db
LIST = "/notifications/"


@pytest.fixture
def worker():
    return StaffFactory().user


def unread_badge(client) -> int:
    """The unread count the header's badge shows, on any page."""
    return client.get(reverse("home")).context["unread_notifications"]


def open_links(page: str) -> dict[str, str]:
    """The subject of each notification on the list page that opens, and the link opening it."""
    return {
        subject: href
        for href, subject in re.findall(r'<a href="(/notifications/\d+/open/)">([^<]+)</a>', page)
    }


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, worker):
    report = LossReportFactory(reporter=worker)
    target = reverse("requests:incident_detail", args=[report.pk])
    notify(users=[worker], subject="Your loss report was acknowledged", link=target)
    notify(users=[worker], subject="Your loss report was closed", link=target)
    client.force_login(worker)
    assert unread_badge(client) == 2

    links = open_links(client.get(LIST).content.decode())
    assert set(links) == {"Your loss report was acknowledged", "Your loss report was closed"}
    opened = client.get(links["Your loss report was closed"])
    assert opened.status_code == 302 and opened.url == target
    assert client.get(opened.url).status_code == 200
    closed = Notification.objects.get(subject="Your loss report was closed")
    assert closed.read_at is not None
    assert Notification.objects.get(subject__endswith="acknowledged").read_at is None
    assert unread_badge(client) == 1

    first_read = closed.read_at
    again = client.get(links["Your loss report was closed"])
    assert again.url == target, "a read notification still opens"
    closed.refresh_from_db()
    assert closed.read_at == first_read, "it keeps when it was first read"


def test_the_link_keeps_its_query_string(client, worker):
    notify(users=[worker], subject="2 review(s) assigned to you", link="/reviews/?assignee=me")
    client.force_login(worker)
    (link,) = open_links(client.get(LIST).content.decode()).values()
    assert client.get(link).url == "/reviews/?assignee=me"


def test_someone_elses_notification_is_not_found_and_stays_unread(client, worker):
    (theirs,) = notify(users=[StaffFactory().user], subject="Decided", link="/requests/")
    client.force_login(worker)
    url = reverse("requests:notification_open", args=[theirs.pk])
    assert client.get(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    missing = reverse("requests:notification_open", args=[theirs.pk + 1000])
    assert client.get(missing).status_code == 404


@pytest.mark.parametrize(
    "link",
    [
        "https://elsewhere.example/requests/1/",
        "//elsewhere.example/requests/1/",
        "/\\elsewhere.example",
        "javascript:alert(1)",
        "requests/1/",
    ],
)
def test_a_link_that_would_leave_the_portal_is_never_followed(client, worker, link):
    """Notification links are paths the portal wrote (`notify` refuses any other); whatever a
    stored one holds, opening it goes to a page of the portal (the list), never to another site."""
    note = Notification.objects.create(
        user=worker, created_at=timezone.now(), subject="Decided", link=link
    )
    client.force_login(worker)
    opened = client.get(reverse("requests:notification_open", args=[note.pk]))
    assert opened.status_code == 302 and opened.url == LIST
    note.refresh_from_db()
    assert note.read_at is not None


def test_a_notification_without_a_page_has_no_link_to_open(client, worker):
    notify(users=[worker], subject="For your information")
    client.force_login(worker)
    page = client.get(LIST).content.decode()
    assert "For your information" in page and open_links(page) == {}


def test_opening_needs_sign_in_and_an_anonymous_visit_marks_nothing(client, worker):
    (note,) = notify(users=[worker], subject="Decided", link="/requests/")
    url = reverse("requests:notification_open", args=[note.pk])
    assert client.get(url).url.startswith(reverse("login"))
    note.refresh_from_db()
    assert note.read_at is None


def test_the_list_costs_the_same_queries_whatever_the_number_of_notifications(client, worker):
    client.force_login(worker)
    counts = []
    for batch in (2, 40):
        Notification.objects.bulk_create(
            Notification(user=worker, created_at=timezone.now(), subject="S", link="/requests/")
            for _ in range(batch)
        )
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]
