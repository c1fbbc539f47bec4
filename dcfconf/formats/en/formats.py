"""A moment that Django writes itself (the admin's lists, `{{ moment }}` in a template) reads as
the portal writes every moment: "Dec 1, 2026, 12:33 PM EST" (`requests_app.dates`). Pages write
moments with the `when` filter, which also names the zone of the night the clocks go back."""

DATETIME_FORMAT = "M j, Y, g:i A T"
