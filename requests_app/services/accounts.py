"""Accounts an administrator opens, and the links by which people choose their own password.

Nobody but its owner ever chooses a password: an account opened by a system administrator has
no usable password until its owner follows the link sent to its email address, and an
administrator may send a new link, never set a password (only a superuser may, in the admin).
"""

import logging

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from requests_app import audit
from requests_app.notifications import portal_link

logger = logging.getLogger(__name__)


@transaction.atomic
def account_open(*, by: User, draft: User) -> User:
    """Open the account `draft` (username, names, email), with no password, no staff status and
    no superuser status, and email its owner a link to choose a password."""
    if not draft.email:
        raise ValidationError({"email": "Email: the link to choose a password is sent there."})
    draft.set_unusable_password()
    draft.is_staff = draft.is_superuser = False
    draft.save()
    password_link_send(user=draft, by=by, new_account=True)
    return draft


def password_link_send(*, user: User, by: User, new_account: bool = False) -> None:
    """Email `user` a link to choose a password (one use, valid PASSWORD_RESET_TIMEOUT), once
    the transaction commits; audited. The link is built on PORTAL_URL, never on the address
    the administrator's request came in on."""
    if not user.email:
        raise ValidationError({"email": f"Email: {user.username} has no email address."})
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    context = {
        "user": user,
        "new_account": new_account,
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "link": portal_link(reverse("password_set", args=[uid, token])),
    }
    subject = render_to_string("registration/password_link_subject.txt", context).strip()
    body = render_to_string("registration/password_link_email.txt", context)
    address, user_id = user.email, user.pk
    transaction.on_commit(lambda: _send(subject, body, address, user_id))
    audit.record(
        user=by,
        action="password_link",
        obj=user,
        detail="new account: link to choose a password"
        if new_account
        else "link to a new password",
    )


def _send(subject: str, body: str, address: str, user_id: int) -> None:
    """Send now: the link is a secret, so it is never stored in the email queue's table."""
    try:
        send_mail(subject, body, None, [address])
    except Exception:
        # The account's id only: the link in the message is a secret.
        logger.exception("the password link to user %s could not be sent", user_id)
