"""Setting up two-factor sign-in in Chromium: the home page leads to it, and the QR code on the
page reads back, as drawn on a desktop and on a 375-pixel-wide phone, as exactly the otpauth
address of the authenticator waiting to be confirmed; a code worked out from what was read
confirms it."""

import base64
import io
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image
from playwright.sync_api import Locator, expect

from tests.factories import TEST_PASSWORD, StaffFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
#: Light enough to count as the white of a quiet zone, once anti-aliased.
LIGHT = 200


def read_qr(element: Locator) -> list[str]:
    """What a QR decoder reads in a screenshot of `element`, as the browser drew it."""
    image = Image.open(io.BytesIO(element.screenshot()))
    return [result.text for result in zxingcpp.read_barcodes(image)]


def quiet_zone_is_light(element: Locator) -> bool:
    """Whether the outermost pixels of the drawn code are all light: the margin a scanner
    needs around the code is inside the element, whatever the page puts behind it."""
    image = Image.open(io.BytesIO(element.screenshot())).convert("L")
    width, height = image.size
    edge = [(x, y) for x in range(width) for y in (0, height - 1)]
    edge += [(x, y) for y in range(height) for x in (0, width - 1)]
    return all(image.getpixel(point) >= LIGHT for point in edge)


def code_from(address: str) -> str:
    """The code an authenticator app shows now for the otpauth `address` it scanned."""
    secret = parse_qs(urlsplit(address).query)["secret"][0]
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{TOTP(key).token():06d}"


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 800}, {"width": 375, "height": 800}], ids=str
)
def test_the_qr_code_reads_back_as_the_address_of_the_new_authenticator(
    page, sign_in_page, settings, viewport
):
    settings.OTP_REQUIRED = True
    maria = StaffFactory(user__username="maria").user
    page.set_viewport_size(viewport)
    sign_in_page.sign_in("maria", TEST_PASSWORD)
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    device = TOTPDevice.objects.get(user=maria, confirmed=False)

    qr = page.locator(".qr svg")
    box = qr.bounding_box()
    assert box is not None and box["width"] == pytest.approx(box["height"], abs=1)
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], "drawn whole"
    assert read_qr(qr) == [device.config_url]
    assert quiet_zone_is_light(qr)


def test_the_home_page_leads_to_setup_and_the_code_read_from_the_qr_confirms_it(
    page, sign_in_page, assert_accessible
):
    maria = StaffFactory(user__username="maria").user
    sign_in_page.sign_in("maria", TEST_PASSWORD)
    page.get_by_role("link", name="Set up or replace your authenticator").click()
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    assert_accessible(page)

    [address] = read_qr(page.locator(".qr svg"))
    assert address == TOTPDevice.objects.get(user=maria, confirmed=False).config_url
    page.get_by_label("Your password").fill(TEST_PASSWORD)
    page.get_by_label("Code from the new authenticator").fill(code_from(address))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
    assert TOTPDevice.objects.get(user=maria).confirmed
