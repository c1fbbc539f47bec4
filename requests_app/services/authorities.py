"""The table of authorities (statutes and regulations an approval cites), kept by the Office of
Legal Affairs in the admin: every change checked and audited here."""

from django.db import transaction

from requests_app import audit, permissions
from requests_app.models import Authority
from requests_app.permissions import AnyUser


@transaction.atomic
def authority_save(*, authority: Authority, by: AnyUser) -> Authority:
    """Add an authority to the table or save a changed one (its history keeps every version);
    only Legal Affairs and superusers. An authority is retired (inactive), never deleted:
    approvals and accounting entries cite it."""
    permissions.require_authority_maintainer(by)
    adding = authority.pk is None
    authority.full_clean()
    authority.save()
    audit.record(
        user=by, action="create" if adding else "update", obj=authority, detail=authority.label
    )
    return authority
