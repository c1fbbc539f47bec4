"""How the portal names a person on its pages, notices and exports."""

from typing import Protocol


class Named(Protocol):
    first_name: str
    last_name: str
    username: str


def name_from(first: str, last: str, username: str) -> str:
    """A person's name as Django's `User.get_full_name` gives it, else their username."""
    return f"{first} {last}".strip() or username


def display_name(user: Named | None) -> str:
    """A user's full name, else their username ("" for nobody)."""
    if user is None:
        return ""
    return name_from(user.first_name, user.last_name, user.username)
