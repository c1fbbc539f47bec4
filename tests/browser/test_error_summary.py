"""After a form comes back with errors, the error summary has the focus (a screen reader reads it
at once, a keyboard user starts from it) and lists every error in the order of the form, each
linking to its field and naming what is wrong with it, not Django's generic "This field is
required."."""

import pytest
from django import forms
from playwright.sync_api import expect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

#: The form pages a worker most often sends back empty, with their submit button.
FORMS = {
    "request": ("requests:new", "Submit for a decision"),
    "release": ("forms:create", "Save draft"),
    "loss report": ("requests:incident_new_loss", "Send to my supervisor"),
}

#: Django's messages that fit any field (no placeholder): an error saying only this names nothing.
GENERIC = {
    text
    for field_class in vars(forms.fields).values()
    if isinstance(field_class, type) and issubclass(field_class, forms.Field)
    for text in map(str, field_class.default_error_messages.values())
    if text and "%(" not in text and "{" not in text
}

#: Each entry of the summary: its text, its link, whether the link leads to an element of the
#: form, and where in the page its field is (a group of choices by its first choice, id_x_0,
#: so that the order can be checked even where the link is broken).
SUMMARY_ENTRIES = """() => {
    const order = [...document.querySelectorAll("*")];
    const inForm = (el) => Boolean(el && el.closest("form"));
    return [...document.querySelectorAll("#error-summary li")].map((li) => {
        const link = li.querySelector("a[href^='#']");
        const id = link ? link.getAttribute("href").slice(1) : "";
        const target = document.getElementById(id);
        const field = inForm(target) ? target : document.getElementById(id + "_0");
        return {
            text: li.textContent.replace(/\\s+/g, " ").trim(),
            href: link ? link.getAttribute("href") : null,
            links: inForm(target),
            position: inForm(field) ? order.indexOf(field) : null,
        };
    });
}"""


@pytest.mark.parametrize("form", FORMS)
def test_a_failed_submit_puts_the_focus_on_an_error_summary_in_form_order(
    form, world, live_server, page, sign_in_as
):
    name, button = FORMS[form]
    sign_in_as(world.users["worker"])
    page.goto(live_server.url + world.url(name))
    page.get_by_role("button", name=button).click()
    expect(page.locator("#error-summary")).to_be_visible()

    problems = []
    if page.evaluate("document.activeElement.id") != "error-summary":
        focused = page.evaluate("document.activeElement.outerHTML.slice(0, 60)")
        problems.append(f"the focus is on {focused}, not on the error summary")
    entries = page.evaluate(SUMMARY_ENTRIES)
    if not entries:
        problems.append("the summary lists no error")
    for entry in entries:
        if not entry["links"]:
            problems.append(f"links to no field of the form ({entry['href']}): {entry['text']}")
        if any(message in entry["text"] for message in GENERIC):
            problems.append(f"does not say what is wrong with the field: {entry['text']}")
    placed = [entry for entry in entries if entry["position"] is not None]
    if placed != sorted(placed, key=lambda entry: entry["position"]):
        in_summary = [entry["href"] for entry in placed]
        in_form = [entry["href"] for entry in sorted(placed, key=lambda e: e["position"])]
        problems.append(f"lists the fields as {in_summary}; the form has them as {in_form}")
    assert not problems, f"the {form} form's error summary:\n" + "\n".join(problems)
