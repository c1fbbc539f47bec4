"""/favicon.ico, which browsers ask for on every site whatever the page says: it leads to the
portal's icon (static/img/favicon.ico) for everyone, signed in or not, with or without a second
factor proved, instead of a "page not found" on every page."""

import io

import pytest
from django.templatetags.static import static
from PIL import Image

from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
ICON = "/static/img/favicon.ico"


def assert_leads_to_the_icon(client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.url == static("img/favicon.ico") == ICON
    icon = client.get(response.url)
    assert icon.status_code == 200
    assert icon["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    image = Image.open(io.BytesIO(b"".join(icon.streaming_content)))
    assert image.format == "ICO" and {(16, 16), (32, 32)} <= image.info["sizes"]


def test_the_favicon_needs_no_sign_in(client):
    assert_leads_to_the_icon(client)


def test_a_user_yet_to_prove_a_second_factor_gets_the_favicon_too(client, settings):
    settings.OTP_REQUIRED = True
    client.force_login(StaffFactory().user)
    assert client.get("/").url.startswith("/two-factor/"), "every page waits for the factor"
    assert_leads_to_the_icon(client)
