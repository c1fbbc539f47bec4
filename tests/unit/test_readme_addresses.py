"""Every address of the portal the README names (`/requests/new/`, `/incidents/`...) is one the
portal answers: a reader who types it gets the page, not "page not found". A placeholder such as
`<id>` stands for any id; `...` ends an address given only in part; file system paths
(`/tmp/...`, `/dev/log`) are no addresses."""

import re
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve

README = Path(__file__).resolve().parents[2] / "README.md"
#: The first folder of the file system paths the README names (the database's, syslog's).
FILE_SYSTEM = {"tmp", "dev", "var", "etc", "usr"}


def addresses() -> list[str]:
    found = re.findall(r"`(/[^`\s]*)`", README.read_text(encoding="utf-8"))
    return sorted(
        {path for path in found if path.split("/")[1] not in FILE_SYSTEM and "..." not in path}
    )


def test_the_readme_names_addresses():
    assert {"/requests/new/", "/incidents/", "/admin/"} <= set(addresses())


@pytest.mark.parametrize("path", addresses())
def test_the_portal_answers_the_address(path):
    try:
        resolve(re.sub(r"<[^>]+>", "1", path))
    except Resolver404:
        answered = False
    else:
        answered = True
    assert answered, f"README names {path}, which the portal does not answer"
