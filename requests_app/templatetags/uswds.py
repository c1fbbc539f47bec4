"""Form widgets in the U.S. Web Design System's classes (templates/_partials/field.html).

The widget keeps everything Django gives it (required, aria-invalid and aria-describedby naming
the hint `<auto_id>_helptext` and the error `<auto_id>_error`); these filters only add the class
USWDS styles it by, so the admin's forms, which do not use the partial, are left as they are.
"""

from django import template
from django.core.paginator import Page
from django.forms.boundfield import BoundField, BoundWidget
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

#: Django's widget type (BoundField.widget_type) -> the USWDS class of its element.
WIDGET_CLASSES = {
    "select": "usa-select",
    "selectmultiple": "usa-select",
    "nullbooleanselect": "usa-select",
    "textarea": "usa-textarea",
    "checkbox": "usa-checkbox__input usa-checkbox__input--tile",
    # Not usa-file-input: its script relabels the input ("No file selected"), hiding the label.
    "clearablefile": "portal-file",
    "file": "portal-file",
}
CHOICE_CLASSES = {
    "radioselect": "usa-radio__input usa-radio__input--tile",
    "checkboxselectmultiple": "usa-checkbox__input usa-checkbox__input--tile",
}


@register.filter
def uswds_widget(field: BoundField) -> SafeString:
    """The field's widget with its USWDS class (and the error state when it has errors)."""
    classes = WIDGET_CLASSES.get(field.widget_type, "usa-input")
    if field.errors and classes in {"usa-input", "usa-select", "usa-textarea"}:
        classes += f" {classes}--error"
    own = field.field.widget.attrs.get("class")
    return field.as_widget(attrs={"class": f"{classes} {own}" if own else classes})


@register.filter
def uswds_choice(choice: BoundWidget, widget_type: str) -> SafeString:
    """One radio button or checkbox of a choice field, as a USWDS tile."""
    attrs = choice.data["attrs"]
    choice.data["attrs"] = {**attrs, "class": CHOICE_CLASSES[widget_type]}
    return choice.tag(wrap_label=False)


@register.filter
def page_window(page: Page) -> list[int | str]:
    """The page numbers a pager shows: the first, the last, and one either side of the current
    page, with `Paginator.ELLIPSIS` standing for the pages between."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))


def _segment(name: str, number: int, current: int) -> SafeString:
    """One step of the indicator: done, the current one, or still to come."""
    if number == current:
        return format_html(
            '<li class="usa-step-indicator__segment usa-step-indicator__segment--current" '
            'aria-current="step"><span class="usa-step-indicator__segment-label">{}</span></li>',
            name,
        )
    done = number < current
    return format_html(
        '<li class="usa-step-indicator__segment{}"><span class="usa-step-indicator__segment-label">'
        '{} <span class="usa-sr-only">{}</span></span></li>',
        " usa-step-indicator__segment--complete" if done else "",
        name,
        "completed" if done else "not completed",
    )


@register.simple_tag
def step_indicator(steps: str, current: int) -> SafeString:
    """USWDS's step indicator for a flow of several pages: `steps` names them, separated by
    "|", and `current` (from 1) is the page shown. Its heading is an h2, under the page's h1."""
    names = steps.split("|")
    return format_html(
        '<div class="usa-step-indicator usa-step-indicator--counters-sm" aria-label="Progress">'
        '<ol class="usa-step-indicator__segments">{}</ol>'
        '<div class="usa-step-indicator__header"><h2 class="usa-step-indicator__heading">'
        '<span class="usa-step-indicator__heading-counter"><span class="usa-sr-only">Step</span>'
        '<span class="usa-step-indicator__current-step">{}</span> '
        '<span class="usa-step-indicator__total-steps">of {}</span></span> '
        '<span class="usa-step-indicator__heading-text">{}</span></h2></div></div>',
        format_html_join(
            "", "{}", ((_segment(name, n, current),) for n, name in enumerate(names, 1))
        ),
        current,
        len(names),
        names[current - 1],
    )
