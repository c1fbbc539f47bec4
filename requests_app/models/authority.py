"""The authority of a disclosure, as structured data.

- `Authority`: the table of statutes and regulations the Office of Legal Affairs maintains in
  the admin (§17a-28's disclosures without consent, the statutes of HIV-related, substance-use
  and psychiatric information, ...), each with its citation and a plain-English label.
- `CitedAuthority`: the fields of the authority a disclosure goes out under, shared by a Legal
  Affairs approval (`Review`) and the accounting entry (`Disclosure`): one of a 31-8-5 list
  rule, a current release, a statute from the table, a court order, or consent on another form.
  `AuthorityCited` carries the same value between a form, a service and a model, and says it in
  plain words.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pghistory
from django.db import models
from django.db.models import Q

from requests_app import policy
from requests_app.choices import AuthorityBasis, AuthorityKind
from requests_app.dates import day_in_words
from requests_app.policy import rule_label

if TYPE_CHECKING:
    from forms_app.models import ReleaseAuthorization

#: The list rules Legal Affairs may rely on: every permit rule that needs no release (an
#: approval relying on a release names the release itself), in the policy's order.
APPROVAL_RULES: tuple[policy.Rule, ...] = tuple(
    rule for rule in policy.PERMIT_RULES if not rule.needs_release
)
_RULES_BY_ID = {rule.id: rule for rule in policy.RULES}


def rule_citation(rule_id: str) -> str:
    """The clause today's rules cite for `rule_id` ("" for an unknown id)."""
    rule = _RULES_BY_ID.get(rule_id)
    return rule.citation if rule is not None else ""


def rule_authority(
    *, rule: str, citation: str, release: ReleaseAuthorization | None
) -> AuthorityCited:
    """The authority a permitting decision of the engine gives: its rule and clause, and the
    release relied on when the rule is the release rule."""
    needs_release = rule in _RULES_BY_ID and _RULES_BY_ID[rule].needs_release
    return AuthorityCited(
        basis=AuthorityBasis.RULE.value,
        rule=rule,
        citation=citation,
        release=release if needs_release else None,
    )


def approval_rule_choices() -> list[tuple[str, str]]:
    """(id, plain words) of the list rules an approval may rely on."""
    return [(rule.id, rule_label(rule.id)) for rule in APPROVAL_RULES]


@pghistory.track()
class Authority(models.Model):
    """A statute or regulation a disclosure may go out under, as the Office of Legal Affairs
    keeps the table (in the admin; only Legal Affairs and superusers change it). A retired
    authority stays on the decisions that cited it and is no longer offered."""

    kind = models.CharField(max_length=32, choices=AuthorityKind.choices)
    citation = models.CharField(max_length=200, help_text="For example: Conn. Gen. Stat. §17a-28.")
    label = models.CharField(
        "plain-English label",
        max_length=200,
        unique=True,
        help_text="What it allows, in plain words, as reviewers and the accounting show it.",
    )
    active = models.BooleanField(
        default=True, help_text="Only active authorities are offered to reviewers."
    )

    class Meta:
        ordering = ["kind", "label"]
        verbose_name_plural = "authorities"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AuthorityKind.values), name="authority_known_kind"
            ),
            models.CheckConstraint(
                condition=~Q(citation="") & ~Q(label=""), name="authority_cited_and_labelled"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.citation})"


#: The details each basis uses (`AuthorityCited`'s fields).
BASIS_DETAILS: dict[str, tuple[str, ...]] = {
    AuthorityBasis.RULE.value: ("rule", "citation", "release"),
    AuthorityBasis.RELEASE.value: ("release",),
    AuthorityBasis.STATUTE.value: ("statute", "citation"),
    AuthorityBasis.COURT_ORDER.value: ("court", "docket_number", "order_on"),
    AuthorityBasis.OTHER_CONSENT.value: ("consent_form", "consent_signed_on"),
}


@dataclass(frozen=True)
class AuthorityCited:
    """The authority a disclosure relies on. `citation` is the clause as it read when cited: a
    rule's (the engine's decision, or today's rules for an approval) or a statute's."""

    basis: str
    rule: str = ""
    citation: str = ""
    release: ReleaseAuthorization | None = None
    statute: Authority | None = None
    court: str = ""
    docket_number: str = ""
    order_on: datetime.date | None = None
    consent_form: str = ""
    consent_signed_on: datetime.date | None = None

    def narrowed(self) -> AuthorityCited:
        """The same authority with only the details its basis uses (a form sends them all)."""
        keep = BASIS_DETAILS.get(self.basis, ())
        return AuthorityCited(basis=self.basis, **{name: getattr(self, name) for name in keep})

    def in_words(self) -> str:
        """The authority as the accounting of disclosures shows it, without internal codes."""
        basis = self.basis
        if basis == AuthorityBasis.RULE:
            words = f"{rule_label(self.rule)} ({self.citation})"
            if self.release is not None:
                words += f"; release {release_in_words(self.release)}"
            return words
        if basis == AuthorityBasis.RELEASE and self.release is not None:
            return f"Release {release_in_words(self.release)}"
        if basis == AuthorityBasis.STATUTE and self.statute is not None:
            return f"{self.statute.label} ({self.citation or self.statute.citation})"
        if basis == AuthorityBasis.COURT_ORDER and self.order_on is not None:
            return (
                f"Court order: {self.court}, docket number {self.docket_number}, dated "
                f"{day_in_words(self.order_on)}"
            )
        if basis == AuthorityBasis.OTHER_CONSENT and self.consent_signed_on is not None:
            return (
                f"Consent on form {self.consent_form}, signed on "
                f"{day_in_words(self.consent_signed_on)}"
            )
        return AuthorityBasis(basis).label if basis in AuthorityBasis.values else basis

    def problems(self, *, client_id: int, today: datetime.date) -> dict[str, str]:
        """What is missing or wrong, by field, each message naming the field: the details its
        basis needs, a release of this client on DCF-2131F and current today, an active
        authority of the table, and dates that are not in the future."""
        basis = self.basis
        if basis not in AuthorityBasis.values:
            return {"authority_basis": "Authority: choose what the approval relies on."}
        if basis == AuthorityBasis.RULE:
            if self.rule not in {rule.id for rule in APPROVAL_RULES}:
                return {"authority_rule": "31-8-5 rule: choose the rule of the list relied on."}
            return {}
        if basis == AuthorityBasis.RELEASE:
            return _release_problems(self.release, client_id=client_id, today=today)
        if basis == AuthorityBasis.STATUTE:
            if self.statute is None or not self.statute.active:
                return {
                    "authority_statute": (
                        "Statute or regulation: choose one from the table of authorities."
                    )
                }
            return {}
        if basis == AuthorityBasis.COURT_ORDER:
            return _court_order_problems(self, today)
        return _other_consent_problems(self, today)


def release_in_words(release: ReleaseAuthorization) -> str:
    """A release as the accounting names it: its reference, recipient, signer and dates."""
    words = f"{release.reference} to {release.counterparty_name}"
    if release.signed_on is not None:
        words += f", signed by {release.signer_name} on {day_in_words(release.signed_on)}"
    return (
        f"{words}, in effect from {day_in_words(release.effective_on)} to "
        f"{day_in_words(release.expires_on)}"
    )


def _release_problems(
    release: ReleaseAuthorization | None, *, client_id: int, today: datetime.date
) -> dict[str, str]:
    if release is None or release.client_id != client_id:
        return {"authority_release": "Release: choose one of the client's releases."}
    if release.form != policy.ReleaseForm.DCF_2131F.value:
        return {
            "authority_release": (
                f"Release: {release.reference} is not a DCF-2131F; only a DCF-2131F authorizes "
                "DCF to disclose."
            )
        }
    if not release.is_current_on(today):
        status = release.status_on(today).label.lower()
        return {
            "authority_release": (
                f"Release: {release.reference} is not current ({status}); choose a current one."
            )
        }
    return {}


def _court_order_problems(cited: AuthorityCited, today: datetime.date) -> dict[str, str]:
    problems = {}
    if not cited.court.strip():
        problems["authority_court"] = "Court: enter the court that made the order."
    if not cited.docket_number.strip():
        problems["authority_docket_number"] = "Docket number: enter the order's docket number."
    if cited.order_on is None:
        problems["authority_order_on"] = "Date of the order: enter the date of the order."
    elif cited.order_on > today:
        problems["authority_order_on"] = "Date of the order: it cannot be in the future."
    return problems


def _other_consent_problems(cited: AuthorityCited, today: datetime.date) -> dict[str, str]:
    problems = {}
    if not cited.consent_form.strip():
        problems["authority_consent_form"] = (
            "Consent form: enter the form the consent was given on (for example DCF-2134)."
        )
    if cited.consent_signed_on is None:
        problems["authority_consent_signed_on"] = (
            "Consent signed on: enter the date the form was signed."
        )
    elif cited.consent_signed_on > today:
        problems["authority_consent_signed_on"] = "Consent signed on: it cannot be in the future."
    return problems


#: How an accounting entry recorded before authorities were structured names its authority's kind
#: (its words say the rest).
UNSTRUCTURED_AUTHORITY = "Recorded before authorities were structured"

#: select_related paths that let `CitedAuthority.authority_in_words` read nothing more.
CITED_RELATED = ("authority_release", "authority_statute")


class CitedAuthority(models.Model):
    """The structured authority a disclosure goes out under (abstract: a Legal Affairs
    approval and the accounting entry both carry it). A blank basis: none cited (a review not
    approved, or an accounting entry recorded before authorities were structured, which keeps
    its words only)."""

    authority_basis = models.CharField(
        "authority", max_length=32, choices=AuthorityBasis.choices, blank=True
    )
    authority_rule = models.CharField("31-8-5 rule", max_length=64, blank=True)
    authority_citation = models.TextField(
        blank=True, help_text="The rule's clause or the statute's citation, as cited."
    )
    authority_release = models.ForeignKey(
        "forms_app.ReleaseAuthorization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="release relied on",
    )
    authority_statute = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="statute or regulation",
    )
    authority_court = models.CharField("court", max_length=200, blank=True)
    authority_docket_number = models.CharField("docket number", max_length=60, blank=True)
    authority_order_on = models.DateField("date of the order", null=True, blank=True)
    authority_consent_form = models.CharField("consent form", max_length=60, blank=True)
    authority_consent_signed_on = models.DateField("consent signed on", null=True, blank=True)

    class Meta:
        abstract = True

    def cite(self, authority: AuthorityCited | None) -> None:
        """Set every authority field from `authority` (None: none cited)."""
        cited = authority or AuthorityCited(basis="")
        self.authority_basis = cited.basis
        self.authority_rule = cited.rule
        self.authority_citation = cited.citation
        self.authority_release = cited.release
        self.authority_statute = cited.statute
        self.authority_court = cited.court.strip()
        self.authority_docket_number = cited.docket_number.strip()
        self.authority_order_on = cited.order_on
        self.authority_consent_form = cited.consent_form.strip()
        self.authority_consent_signed_on = cited.consent_signed_on

    @property
    def cited_authority(self) -> AuthorityCited | None:
        """The authority cited, or None (reads the release and statute: select them along)."""
        if not self.authority_basis:
            return None
        return AuthorityCited(
            basis=self.authority_basis,
            rule=self.authority_rule,
            citation=self.authority_citation,
            release=self.authority_release,
            statute=self.authority_statute,
            court=self.authority_court,
            docket_number=self.authority_docket_number,
            order_on=self.authority_order_on,
            consent_form=self.authority_consent_form,
            consent_signed_on=self.authority_consent_signed_on,
        )

    @property
    def authority_kind(self) -> str:
        """The kind of authority cited, in plain words."""
        if not self.authority_basis:
            return UNSTRUCTURED_AUTHORITY
        return str(AuthorityBasis(self.authority_basis).label)

    @property
    def authority_in_words(self) -> str:
        """The authority cited in plain words ("" when none)."""
        cited = self.cited_authority
        return cited.in_words() if cited is not None else ""


def authority_constraints(table: str) -> list[models.CheckConstraint]:
    """The database's side of `CitedAuthority`: a cited authority has every detail its basis
    needs (`table` prefixes the constraint's name)."""
    complete = (
        Q(authority_basis="")
        | (
            Q(authority_basis=AuthorityBasis.RULE.value)
            & ~Q(authority_rule="")
            & ~Q(authority_citation="")
        )
        | Q(authority_basis=AuthorityBasis.RELEASE.value, authority_release__isnull=False)
        | Q(authority_basis=AuthorityBasis.STATUTE.value, authority_statute__isnull=False)
        | (
            Q(authority_basis=AuthorityBasis.COURT_ORDER.value, authority_order_on__isnull=False)
            & ~Q(authority_court="")
            & ~Q(authority_docket_number="")
        )
        | (
            Q(
                authority_basis=AuthorityBasis.OTHER_CONSENT.value,
                authority_consent_signed_on__isnull=False,
            )
            & ~Q(authority_consent_form="")
        )
    )
    return [
        models.CheckConstraint(
            condition=complete,
            name=f"{table}_authority_complete",
            violation_error_message="The authority cited lacks a detail its kind needs.",
        )
    ]
