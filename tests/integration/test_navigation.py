"""The header's navigation for each kind of user, and what the review page's fields say of
themselves."""

import re

import pytest

from tests.world import World

pytestmark = pytest.mark.django_db


def nav(page: str) -> str:
    """The header's main navigation of a page."""
    match = re.search(r'<nav aria-label="Main".*?</nav>', page, re.S)
    assert match, "no main navigation"
    return match.group(0)


def test_a_system_administrator_is_offered_the_admin_and_no_casework(client, world: World):
    client.force_login(world.users["sysadmin"])
    links = nav(client.get(world.url("home")).content.decode())
    assert 'href="/admin/"' in links
    assert "New request" not in links and "My requests" not in links


@pytest.mark.parametrize("column", ["worker", "north", "cjts", "sup"])
def test_casework_is_offered_and_the_admin_is_not(client, world: World, column):
    client.force_login(world.users[column])
    links = nav(client.get(world.url("home")).content.decode())
    assert "New request" in links and "My requests" in links
    assert 'href="/admin/"' not in links


@pytest.mark.parametrize(
    ("column", "shown", "hidden"),
    [
        ("legal", ["Review queue", "Dashboard", "Policy simulator", "Audit trail"], []),
        ("aag", ["Review queue", "Dashboard", "Policy simulator"], ["Audit trail"]),
        ("sup", ["Print queue"], ["Review queue", "Audit trail"]),
        ("worker", ["Report a loss or breach", "Incidents"], ["Review queue", "Print queue"]),
    ],
)
def test_each_duty_finds_its_pages_in_the_header(client, world: World, column, shown, hidden):
    client.force_login(world.users[column])
    links = nav(client.get(world.url("home")).content.decode())
    for name in shown:
        assert f"<span>{name}</span>" in links, name
    for name in hidden:
        assert f"<span>{name}</span>" not in links, name


def test_fields_required_for_a_denial_are_not_marked_optional(client, world: World):
    """The decision's reason, legal basis and message are required by the decision chosen:
    never "(optional)" beside a hint that says "Required for a denial"."""
    client.force_login(world.users["legal"])
    page = client.get(world.url("requests:review")).content.decode()
    for label in ("Reason", "Legal basis", "Message to the requester"):
        field = re.search(rf">{label}(.*?)</label>", page)
        assert field, label
        assert "(optional)" not in field.group(1), label
    assert "Required for a denial" in page


@pytest.mark.parametrize(
    ("column", "pages"),
    [
        ("legal", ["Review queue", "Dashboard", "Policy simulator", "Audit trail"]),
        ("aag", ["Review queue", "Dashboard", "Policy simulator"]),
    ],
)
def test_legal_affairs_pages_share_a_side_navigation(client, world: World, column, pages):
    """Each of Legal Affairs' pages lists the others the user may open, the current one marked."""
    client.force_login(world.users[column])
    for name, current in (
        ("requests:review_queue", "Review queue"),
        ("requests:review_dashboard", "Dashboard"),
        ("requests:simulator", "Policy simulator"),
    ):
        page = client.get(world.url(name)).content.decode()
        side = re.search(r'<nav [^>]*aria-label="Legal Affairs".*?</nav>', page, re.S)
        assert side, name
        assert re.findall(r">([^<>]+)</a>", side.group(0)) == pages, name
        assert re.search(rf'aria-current="page">{current}</a>', side.group(0)), name
