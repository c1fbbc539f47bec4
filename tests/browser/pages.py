"""Page objects for screens that several journeys use."""

from playwright.sync_api import Locator, Page, expect


class NewRequestPage:
    """The new-request screens: choose a client, then describe the disclosure."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def open_for(self, client_name: str) -> None:
        self.page.goto(f"{self.base_url}/requests/new/")
        self.page.get_by_role("link", name=f"Choose {client_name}").click()
        expect(self.page.get_by_role("heading", name="New disclosure request")).to_be_visible()

    def recipient(self, label: str) -> None:
        self.page.get_by_label(label, exact=True).check()

    def describe(self, *, category: str = "Case record", purpose: str = "Family team meeting"):
        self.page.get_by_label(category, exact=True).check()
        self.page.get_by_label("Hard copy", exact=True).check()
        self.page.get_by_label("Documentary", exact=True).check()
        self.page.get_by_label("Purpose of the disclosure").fill(purpose)

    def acknowledge_and_submit(self) -> None:
        self.page.get_by_label("I have read the consequences").check()
        self.page.get_by_role("button", name="Submit for a decision").click()

    def third_party(self, name: str, address: str) -> None:
        self.recipient("Someone else (a named third party)")
        self.page.get_by_label("Name", exact=True).fill(name)
        self.page.get_by_label("Address").fill(address)

    @property
    def release(self) -> Locator:
        """The dropdown of the release relied on."""
        return self.page.get_by_label("Release on file (DCF-2131F)")

    @property
    def release_on_file(self) -> Locator:
        """What the form says about the client's releases on file (proposal, or why not)."""
        return self.page.locator("#release-on-file")


def record_the_disclosure(page: Page) -> None:
    """Submit the disclosure form: its button asks for confirmation in a dialog first."""
    page.locator('a[href="#confirm-disclosure"]').click()
    dialog = page.get_by_role("dialog", name="Record this disclosure?")
    dialog.get_by_role("button", name="Record the disclosure").click()


def go_to(page: Page, menu: str, link: str) -> None:
    """Follow a link of the header's navigation: open its menu (the mobile menu first, on a
    narrow screen), then the link."""
    menu_button = page.get_by_role("button", name="Menu")
    if menu_button.is_visible():
        menu_button.click()
    navigation = page.get_by_role("navigation", name="Main")
    navigation.get_by_role("button", name=menu).click()
    navigation.get_by_role("link", name=link, exact=True).click()
