"""The release on file, as the request form shows it: the client's current DCF-2131F that names
the chosen recipient and covers the chosen information is proposed, and every other release on
file says why it does not apply (expired, revoked, another recipient, other information...).

A release is judged by the engine's own release rules (`adapters.release_problems`) and shown
with its status (`ReleaseAuthorization.status_on`, from the same date functions), so the form
says before submitting what the decision will say after.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from forms_app.choices import ReleaseForm, ReleaseStatus
from forms_app.models import ReleaseAuthorization
from requests_app import adapters, policy
from requests_app.choices import category_labels
from requests_app.models import DisclosureRequest

#: The engine's reason codes that mean the release speaks of someone else or of other information.
OTHER_RECIPIENT = "release_recipient_not_named"
OTHER_INFORMATION = "release_scope_insufficient"


@dataclass(frozen=True)
class ReleaseNote:
    """One release on file: its status on the day, and why it does not apply to the request
    (the engine's messages, in its order; empty when it applies or nothing was asked yet)."""

    release: ReleaseAuthorization
    status: ReleaseStatus
    reasons: tuple[str, ...] = ()
    names_recipient: bool = False


@dataclass(frozen=True)
class ReleaseOnFile:
    """What the request form says about the client's DCF-2131F releases.

    `asked`: the recipient and the information are known, so each release was judged against
    them; otherwise `notes` only lists the releases on file with their status. `proposed`: the
    release to rely on (the one lasting longest when several apply).
    """

    asked: bool
    proposed: ReleaseAuthorization | None
    notes: tuple[ReleaseNote, ...]

    @property
    def proposed_value(self) -> str:
        """The proposal as the release field's value ("" for none)."""
        return str(self.proposed.pk) if self.proposed else ""

    @property
    def not_applying(self) -> list[ReleaseNote]:
        return [note for note in self.notes if note.reasons]

    @property
    def explained(self) -> str:
        """The releases that name this recipient and still do not apply, as the form keeps them
        (ids): what the worker must have been shown before submitting."""
        return ",".join(
            str(note.release.pk) for note in self.notes if note.reasons and note.names_recipient
        )


def _plain_reasons(
    release: ReleaseAuthorization, draft: DisclosureRequest, problems: Iterable[policy.Reason]
) -> tuple[str, ...]:
    """The engine's messages, with the categories the release leaves out named."""
    reasons = []
    for problem in problems:
        message = problem.message
        if problem.code == OTHER_INFORMATION:
            missing = [c for c in draft.categories if c not in set(release.categories)]
            message = f"{message} Not covered: {', '.join(category_labels(missing)).lower()}."
        reasons.append(message)
    return tuple(reasons)


def releases_on_file(releases: Iterable[ReleaseAuthorization]) -> list[ReleaseAuthorization]:
    """The client's DCF-2131F releases past the draft stage (a draft is not consent)."""
    return [r for r in releases if r.form == ReleaseForm.FROM_DCF and not r.is_draft]


def release_on_file(
    *,
    draft: DisclosureRequest | None,
    releases: Iterable[ReleaseAuthorization],
    today: datetime.date,
) -> ReleaseOnFile:
    """The client's releases (`releases`) against the request being written (`draft`, with its
    recipient and categories; None while they are not chosen) on `today`."""
    on_file = releases_on_file(releases)
    if draft is None:
        notes = tuple(ReleaseNote(release, release.status_on(today)) for release in on_file)
        return ReleaseOnFile(asked=False, proposed=None, notes=notes)
    applying: list[ReleaseAuthorization] = []
    judged: list[ReleaseNote] = []
    for release in on_file:
        problems = adapters.release_problems(release, draft, as_of=today)
        if not problems:
            applying.append(release)
        codes = {problem.code for problem in problems}
        judged.append(
            ReleaseNote(
                release=release,
                status=release.status_on(today),
                reasons=_plain_reasons(release, draft, problems),
                names_recipient=OTHER_RECIPIENT not in codes,
            )
        )
    proposed = max(applying, key=lambda r: (r.expires_on, r.pk), default=None)
    return ReleaseOnFile(asked=True, proposed=proposed, notes=tuple(judged))
