"""Every page of the access matrix, as every user who may see it, on a phone and on a desktop.

For each kind of user of the matrix (tests/integration/test_access_matrix.py) the walk opens every
URL whose answer there is 200 and which is a web page (PDFs and CSV files are left out by their
Content-Type), signed in as production signs in, with the second factor proved. On each page, at
375 and at 1280 pixels wide:

- nothing scrolls sideways: the document is no wider than the window;
- axe finds no serious or critical violation;
- every id that an aria-describedby or aria-labelledby names is an element of the page (a
  field described by a hint that is not there is read without its hint).

A test per kind of user walks all its pages in one browser context and then fails once, listing
every page, width and problem, so one run shows all the work left. The admin's pages (the
matrix's ADMIN_MATRIX) are Django's own and are not walked.
"""

import pytest
from django.test import Client

from tests.integration.test_access_matrix import MATRIX
from tests.world import COLUMNS

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

WIDTHS = (375, 1280)
HEIGHT = 800
SIGNED_IN = [column for column in COLUMNS if column != "anon"]

#: The Content-Type of each URL name's page: the same whoever opens it, so asked once.
_content_types: dict[str, str] = {}

OVERFLOWING = """() => {
    const width = window.innerWidth;
    const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (el.classList.length ? "." + [...el.classList].join(".") : "");
    return [...document.body.querySelectorAll("*")]
        .filter((el) => el.getBoundingClientRect().right > width + 0.5)
        .filter((el) => !el.parentElement
            || el.parentElement.getBoundingClientRect().right <= width + 0.5)
        .slice(0, 5)
        .map((el) => `${name(el)} (${Math.round(el.getBoundingClientRect().right)} px)`);
}"""

MISSING_REFERENCES = """() => {
    const missing = [];
    for (const attribute of ["aria-describedby", "aria-labelledby"]) {
        for (const el of document.querySelectorAll(`[${attribute}]`)) {
            for (const id of el.getAttribute(attribute).split(/\\s+/).filter(Boolean)) {
                if (!document.getElementById(id)) {
                    missing.push(`${attribute}="${id}" on ${el.id || el.tagName.toLowerCase()}`);
                }
            }
        }
    }
    return missing;
}"""


def pages_for(column: str) -> list[str]:
    """The URL names the matrix opens (200) to this kind of user."""
    index = COLUMNS.index(column)
    return [name for name, answers in MATRIX.items() if answers[index] == 200]


class Findings:
    """What the walk found wrong, page by page, with the widths each problem shows at (none
    for a problem of the page whatever its width)."""

    def __init__(self) -> None:
        self.widths: dict[tuple[str, str], list[int]] = {}

    def add(self, name: str, problem: str, width: int | None = None) -> None:
        widths = self.widths.setdefault((name, problem), [])
        if width:
            widths.append(width)

    def report(self) -> list[str]:
        return [
            f"{name}{' at ' + ' and '.join(map(str, widths)) + ' px' if widths else ''}: {problem}"
            for (name, problem), widths in self.widths.items()
        ]


def content_type(client: Client, name: str, url: str) -> str:
    if name not in _content_types:
        _content_types[name] = client.get(url).headers["Content-Type"]
    return _content_types[name]


@pytest.mark.parametrize("column", SIGNED_IN)
def test_every_page_fits_and_is_accessible_at_both_widths(
    column, world, live_server, page, settings, sign_in_as, serious_violations
):
    """Every page this kind of user may open, at 375 and at 1280 px: nothing scrolls sideways,
    axe finds nothing serious or critical, every id an aria-describedby names is there."""
    settings.OTP_REQUIRED = True
    client = sign_in_as(world.users[column])
    found = Findings()
    walked = 0
    for name in pages_for(column):
        url = world.url(name)
        if not content_type(client, name, url).startswith("text/html"):
            continue
        page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
        response = page.goto(live_server.url + url)
        if response is None or response.status != 200 or response.request.redirected_from:
            found.add(name, f"did not open: {response and response.status} at {page.url}")
            continue
        walked += 1
        for missing in page.evaluate(MISSING_REFERENCES):
            found.add(name, f"names no element: {missing}")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > page.evaluate("window.innerWidth"):
                culprits = ", ".join(page.evaluate(OVERFLOWING))
                found.add(name, f"scrolls sideways ({scroll_width} px) past {culprits}", width)
            for violation in serious_violations(page):
                found.add(name, violation, width)
    assert walked, f"{column} opened no page"
    report = found.report()
    assert not report, f"{len(report)} problems on {walked} pages:\n" + "\n".join(report)
