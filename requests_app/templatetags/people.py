"""`{{ user|display_name }}`: a person's name as the portal shows it (`requests_app.people`),
loaded in every template (a builtin in TEMPLATES' OPTIONS)."""

from django import template

from requests_app import people

register = template.Library()
register.filter("display_name", people.display_name)
