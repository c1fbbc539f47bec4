"""The authority of every disclosure as structured data.

- `Authority`: the table of statutes and regulations the Office of Legal Affairs maintains in the
  admin, seeded with the provisions named in the policy's legal notes: the disclosures
  Conn. Gen. Stat. §17a-28 makes without consent (courts, guardians ad litem, attorneys for the
  child or a parent, the Attorney General, the Child Advocate, law enforcement in the cases it
  states), and the statutes of HIV-related (§19a-583, §19a-585), substance-use (42 CFR Part 2)
  and psychiatric (§52-146e) information and of the reporter's identity (§17a-28). Its history is
  append-only, like every history table (migrations 0013, 0016).
- The authority cited (`CitedAuthority`: basis, 31-8-5 rule and clause, release, statute, court
  order, consent on another form) on reviews, in the same UPDATE as the decision, so the seal
  covers it; and on the accounting entries.
- An approval must cite its authority: added NOT VALID, so approvals decided before keep their
  free text (a decided review can never be updated, so they are never checked again).
- Accounting entries recorded under a rule of the engine (their words: "DCF Policy 31-8-5 rule
  <rule>: <clause>") get that rule and clause, and the release for the release rule; the words
  stay as they were. Entries recorded under a Legal Affairs approval keep their words only.
"""

import re

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models

APPROVAL_CITES_SQL = """
ALTER TABLE requests_app_review ADD CONSTRAINT review_approval_cites_authority
    CHECK (resolution NOT IN ('approved', 'approved_with_redactions') OR authority_basis <> '')
    NOT VALID;
"""
UNDO_APPROVAL_CITES_SQL = (
    "ALTER TABLE requests_app_review DROP CONSTRAINT review_approval_cites_authority;"
)

# The functions are migration 0013's and 0016's.
FREEZE_HISTORY_SQL = """
CREATE TRIGGER requests_app_authorityevent_append_only
    BEFORE UPDATE OR DELETE ON requests_app_authorityevent
    FOR EACH ROW EXECUTE FUNCTION requests_app_refuse_rewrite();
CREATE TRIGGER requests_app_authorityevent_no_truncate
    BEFORE TRUNCATE ON requests_app_authorityevent
    FOR EACH STATEMENT EXECUTE FUNCTION requests_app_refuse_truncate();
"""
THAW_HISTORY_SQL = """
DROP TRIGGER requests_app_authorityevent_no_truncate ON requests_app_authorityevent;
DROP TRIGGER requests_app_authorityevent_append_only ON requests_app_authorityevent;
"""

WITHOUT_CONSENT = "without_consent"
OWN_STATUTE = "own_statute"
SECTION_17A_28 = "Conn. Gen. Stat. §17a-28"

#: (kind, citation, plain-English label): the provisions of the policy's legal notes. Legal
#: Affairs refines citations (a subsection) and adds others in the admin.
SEED = [
    (WITHOUT_CONSENT, SECTION_17A_28, "Disclosure without consent to a court"),
    (WITHOUT_CONSENT, SECTION_17A_28, "Disclosure without consent to a guardian ad litem"),
    (
        WITHOUT_CONSENT,
        SECTION_17A_28,
        "Disclosure without consent to an attorney appointed for the child or a parent",
    ),
    (WITHOUT_CONSENT, SECTION_17A_28, "Disclosure without consent to the Attorney General"),
    (
        WITHOUT_CONSENT,
        SECTION_17A_28,
        "Disclosure without consent to the Office of the Child Advocate",
    ),
    (
        WITHOUT_CONSENT,
        SECTION_17A_28,
        "Disclosure without consent to law enforcement, in the cases the statute states",
    ),
    (
        OWN_STATUTE,
        "Conn. Gen. Stat. §§19a-583, 19a-585",
        "HIV-related information, as the statute allows, with its redisclosure notice",
    ),
    (
        OWN_STATUTE,
        "42 CFR Part 2",
        "Substance-use treatment records, as the federal confidentiality rules allow",
    ),
    (OWN_STATUTE, "Conn. Gen. Stat. §52-146e", "Psychiatric records, as the statute allows"),
    (
        OWN_STATUTE,
        SECTION_17A_28,
        "Identity of the person who reported abuse or neglect, as the statute allows",
    ),
]


def seed_authorities(apps, schema_editor):
    """Add each seeded authority not already in the table (by its label)."""
    authority = apps.get_model("requests_app", "Authority")
    for kind, citation, label in SEED:
        authority.objects.get_or_create(label=label, defaults={"kind": kind, "citation": citation})


#: The words the accounting gave an entry disclosed under a rule of the engine.
RULE_WORDS = re.compile(r"DCF Policy 31-8-5 rule ([a-z_]+): (.+)", re.DOTALL)
RELEASE_RULE = "signed_current_release"


def structure_rule_authorities(apps, schema_editor):
    """Give the entries disclosed under a rule of the engine their rule and clause (and the
    release relied on, for the release rule); their words stay."""
    disclosure = apps.get_model("requests_app", "Disclosure")
    entries = disclosure.objects.filter(
        authority_basis="", authority__startswith="DCF Policy 31-8-5 rule "
    ).select_related("request")
    for entry in entries.iterator():
        match = RULE_WORDS.fullmatch(entry.authority)
        if match is None:
            continue
        rule, clause = match.groups()
        release_id = entry.request.release_id if rule == RELEASE_RULE else None
        disclosure.objects.filter(pk=entry.pk).update(
            authority_basis="rule",
            authority_rule=rule,
            authority_citation=clause,
            authority_release_id=release_id,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0018_date_corrections"),
        ("forms_app", "0007_release_dates"),
        ("pghistory", "0007_auto_20250421_0444"),
    ]

    operations = [
        migrations.CreateModel(
            name="Authority",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            (
                                "without_consent",
                                "Disclosure without consent (Conn. Gen. Stat. §17a-28)",
                            ),
                            ("own_statute", "Information with a statute of its own"),
                            ("other", "Other law"),
                        ],
                        max_length=32,
                    ),
                ),
                (
                    "citation",
                    models.CharField(
                        help_text="For example: Conn. Gen. Stat. §17a-28.", max_length=200
                    ),
                ),
                (
                    "label",
                    models.CharField(
                        help_text="What it allows, in plain words, as reviewers and the accounting show it.",
                        max_length=200,
                        unique=True,
                        verbose_name="plain-English label",
                    ),
                ),
                (
                    "active",
                    models.BooleanField(
                        default=True, help_text="Only active authorities are offered to reviewers."
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "authorities",
                "ordering": ["kind", "label"],
            },
        ),
        migrations.CreateModel(
            name="AuthorityEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            (
                                "without_consent",
                                "Disclosure without consent (Conn. Gen. Stat. §17a-28)",
                            ),
                            ("own_statute", "Information with a statute of its own"),
                            ("other", "Other law"),
                        ],
                        max_length=32,
                    ),
                ),
                (
                    "citation",
                    models.CharField(
                        help_text="For example: Conn. Gen. Stat. §17a-28.", max_length=200
                    ),
                ),
                (
                    "label",
                    models.CharField(
                        help_text="What it allows, in plain words, as reviewers and the accounting show it.",
                        max_length=200,
                        verbose_name="plain-English label",
                    ),
                ),
                (
                    "active",
                    models.BooleanField(
                        default=True, help_text="Only active authorities are offered to reviewers."
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="disclosure",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="disclosure",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="review",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="review",
            name="update_update",
        ),
        migrations.AddField(
            model_name="disclosure",
            name="authority_basis",
            field=models.CharField(
                blank=True,
                choices=[
                    ("rule", "A rule of DCF Policy 31-8-5"),
                    ("release", "A current release (DCF-2131F)"),
                    ("statute", "A statute or regulation"),
                    ("court_order", "A court order"),
                    ("other_consent", "Consent on another form"),
                ],
                max_length=32,
                verbose_name="authority",
            ),
        ),
        migrations.AddField(
            model_name="disclosure",
            name="authority_citation",
            field=models.TextField(
                blank=True, help_text="The rule's clause or the statute's citation, as cited."
            ),
        ),
        migrations.AddField(
            model_name="disclosure",
            name="authority_consent_form",
            field=models.CharField(blank=True, max_length=60, verbose_name="consent form"),
        ),
        migrations.AddField(
            model_name="disclosure",
            name="authority_consent_signed_on",
            field=models.DateField(blank=True, null=True, verbose_name="consent signed on"),
        ),
        migrations.AddField(
            model_name="disclosure",
            name="authority_court",
            field=models.CharField(blank=True, max_length=200, verbose_name="court"),
        ),
        migrations.AddField(
            model_name="disclosure",
            name="authority_docket_number",
            field=models.CharField(blank=True, max_length=60, verbose_name="docket number"),
        ),
        migrations.AddField(
            model_name="disclosure",
            name="authority_order_on",
            field=models.DateField(blank=True, null=True, verbose_name="date of the order"),
        ),
        migrations.AddField(
            model_name="disclosure",
            name="authority_release",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="forms_app.releaseauthorization",
                verbose_name="release relied on",
            ),
        ),
        migrations.AddField(
            model_name="disclosure",
            name="authority_rule",
            field=models.CharField(blank=True, max_length=64, verbose_name="31-8-5 rule"),
        ),
        migrations.AddField(
            model_name="disclosureevent",
            name="authority_basis",
            field=models.CharField(
                blank=True,
                choices=[
                    ("rule", "A rule of DCF Policy 31-8-5"),
                    ("release", "A current release (DCF-2131F)"),
                    ("statute", "A statute or regulation"),
                    ("court_order", "A court order"),
                    ("other_consent", "Consent on another form"),
                ],
                max_length=32,
                verbose_name="authority",
            ),
        ),
        migrations.AddField(
            model_name="disclosureevent",
            name="authority_citation",
            field=models.TextField(
                blank=True, help_text="The rule's clause or the statute's citation, as cited."
            ),
        ),
        migrations.AddField(
            model_name="disclosureevent",
            name="authority_consent_form",
            field=models.CharField(blank=True, max_length=60, verbose_name="consent form"),
        ),
        migrations.AddField(
            model_name="disclosureevent",
            name="authority_consent_signed_on",
            field=models.DateField(blank=True, null=True, verbose_name="consent signed on"),
        ),
        migrations.AddField(
            model_name="disclosureevent",
            name="authority_court",
            field=models.CharField(blank=True, max_length=200, verbose_name="court"),
        ),
        migrations.AddField(
            model_name="disclosureevent",
            name="authority_docket_number",
            field=models.CharField(blank=True, max_length=60, verbose_name="docket number"),
        ),
        migrations.AddField(
            model_name="disclosureevent",
            name="authority_order_on",
            field=models.DateField(blank=True, null=True, verbose_name="date of the order"),
        ),
        migrations.AddField(
            model_name="disclosureevent",
            name="authority_release",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                related_query_name="+",
                to="forms_app.releaseauthorization",
                verbose_name="release relied on",
            ),
        ),
        migrations.AddField(
            model_name="disclosureevent",
            name="authority_rule",
            field=models.CharField(blank=True, max_length=64, verbose_name="31-8-5 rule"),
        ),
        migrations.AddField(
            model_name="review",
            name="authority_basis",
            field=models.CharField(
                blank=True,
                choices=[
                    ("rule", "A rule of DCF Policy 31-8-5"),
                    ("release", "A current release (DCF-2131F)"),
                    ("statute", "A statute or regulation"),
                    ("court_order", "A court order"),
                    ("other_consent", "Consent on another form"),
                ],
                max_length=32,
                verbose_name="authority",
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="authority_citation",
            field=models.TextField(
                blank=True, help_text="The rule's clause or the statute's citation, as cited."
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="authority_consent_form",
            field=models.CharField(blank=True, max_length=60, verbose_name="consent form"),
        ),
        migrations.AddField(
            model_name="review",
            name="authority_consent_signed_on",
            field=models.DateField(blank=True, null=True, verbose_name="consent signed on"),
        ),
        migrations.AddField(
            model_name="review",
            name="authority_court",
            field=models.CharField(blank=True, max_length=200, verbose_name="court"),
        ),
        migrations.AddField(
            model_name="review",
            name="authority_docket_number",
            field=models.CharField(blank=True, max_length=60, verbose_name="docket number"),
        ),
        migrations.AddField(
            model_name="review",
            name="authority_order_on",
            field=models.DateField(blank=True, null=True, verbose_name="date of the order"),
        ),
        migrations.AddField(
            model_name="review",
            name="authority_release",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="forms_app.releaseauthorization",
                verbose_name="release relied on",
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="authority_rule",
            field=models.CharField(blank=True, max_length=64, verbose_name="31-8-5 rule"),
        ),
        migrations.AddField(
            model_name="reviewevent",
            name="authority_basis",
            field=models.CharField(
                blank=True,
                choices=[
                    ("rule", "A rule of DCF Policy 31-8-5"),
                    ("release", "A current release (DCF-2131F)"),
                    ("statute", "A statute or regulation"),
                    ("court_order", "A court order"),
                    ("other_consent", "Consent on another form"),
                ],
                max_length=32,
                verbose_name="authority",
            ),
        ),
        migrations.AddField(
            model_name="reviewevent",
            name="authority_citation",
            field=models.TextField(
                blank=True, help_text="The rule's clause or the statute's citation, as cited."
            ),
        ),
        migrations.AddField(
            model_name="reviewevent",
            name="authority_consent_form",
            field=models.CharField(blank=True, max_length=60, verbose_name="consent form"),
        ),
        migrations.AddField(
            model_name="reviewevent",
            name="authority_consent_signed_on",
            field=models.DateField(blank=True, null=True, verbose_name="consent signed on"),
        ),
        migrations.AddField(
            model_name="reviewevent",
            name="authority_court",
            field=models.CharField(blank=True, max_length=200, verbose_name="court"),
        ),
        migrations.AddField(
            model_name="reviewevent",
            name="authority_docket_number",
            field=models.CharField(blank=True, max_length=60, verbose_name="docket number"),
        ),
        migrations.AddField(
            model_name="reviewevent",
            name="authority_order_on",
            field=models.DateField(blank=True, null=True, verbose_name="date of the order"),
        ),
        migrations.AddField(
            model_name="reviewevent",
            name="authority_release",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                related_query_name="+",
                to="forms_app.releaseauthorization",
                verbose_name="release relied on",
            ),
        ),
        migrations.AddField(
            model_name="reviewevent",
            name="authority_rule",
            field=models.CharField(blank=True, max_length=64, verbose_name="31-8-5 rule"),
        ),
        migrations.AlterField(
            model_name="disclosure",
            name="authority",
            field=models.TextField(help_text="The authority in plain words, as recorded."),
        ),
        migrations.AlterField(
            model_name="disclosureevent",
            name="authority",
            field=models.TextField(help_text="The authority in plain words, as recorded."),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="disclosure",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "requests_app_disclosureevent" ("authority", "authority_basis", "authority_citation", "authority_consent_form", "authority_consent_signed_on", "authority_court", "authority_docket_number", "authority_order_on", "authority_release_id", "authority_rule", "authority_statute_id", "client_id", "disclosed_on", "id", "information_disclosed", "media", "mode", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "purpose", "recipient", "recorded_at", "recorded_by_id", "redactions_applied", "request_id") VALUES (NEW."authority", NEW."authority_basis", NEW."authority_citation", NEW."authority_consent_form", NEW."authority_consent_signed_on", NEW."authority_court", NEW."authority_docket_number", NEW."authority_order_on", NEW."authority_release_id", NEW."authority_rule", NEW."authority_statute_id", NEW."client_id", NEW."disclosed_on", NEW."id", NEW."information_disclosed", NEW."media", NEW."mode", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."purpose", NEW."recipient", NEW."recorded_at", NEW."recorded_by_id", NEW."redactions_applied", NEW."request_id"); RETURN NULL;',
                    hash="1174c116780742082cace7faf9ce616e2262406e",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_7baca",
                    table="requests_app_disclosure",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="disclosure",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "requests_app_disclosureevent" ("authority", "authority_basis", "authority_citation", "authority_consent_form", "authority_consent_signed_on", "authority_court", "authority_docket_number", "authority_order_on", "authority_release_id", "authority_rule", "authority_statute_id", "client_id", "disclosed_on", "id", "information_disclosed", "media", "mode", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "purpose", "recipient", "recorded_at", "recorded_by_id", "redactions_applied", "request_id") VALUES (NEW."authority", NEW."authority_basis", NEW."authority_citation", NEW."authority_consent_form", NEW."authority_consent_signed_on", NEW."authority_court", NEW."authority_docket_number", NEW."authority_order_on", NEW."authority_release_id", NEW."authority_rule", NEW."authority_statute_id", NEW."client_id", NEW."disclosed_on", NEW."id", NEW."information_disclosed", NEW."media", NEW."mode", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."purpose", NEW."recipient", NEW."recorded_at", NEW."recorded_by_id", NEW."redactions_applied", NEW."request_id"); RETURN NULL;',
                    hash="4b69f8d5c174315287dacd3762d7ae8194f6926d",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_c474e",
                    table="requests_app_disclosure",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="review",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "requests_app_reviewevent" ("assignee_id", "authority_basis", "authority_citation", "authority_consent_form", "authority_consent_signed_on", "authority_court", "authority_docket_number", "authority_order_on", "authority_release_id", "authority_rule", "authority_statute_id", "claimed_at", "decided_at", "decided_by_id", "decision_id", "due_on", "id", "legal_basis", "message_to_requester", "opened_at", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "request_id", "resolution", "resolution_reason") VALUES (NEW."assignee_id", NEW."authority_basis", NEW."authority_citation", NEW."authority_consent_form", NEW."authority_consent_signed_on", NEW."authority_court", NEW."authority_docket_number", NEW."authority_order_on", NEW."authority_release_id", NEW."authority_rule", NEW."authority_statute_id", NEW."claimed_at", NEW."decided_at", NEW."decided_by_id", NEW."decision_id", NEW."due_on", NEW."id", NEW."legal_basis", NEW."message_to_requester", NEW."opened_at", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."request_id", NEW."resolution", NEW."resolution_reason"); RETURN NULL;',
                    hash="d4a6efd4835bcb9fb091fa961ba14ea7353d9943",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_52c0e",
                    table="requests_app_review",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="review",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "requests_app_reviewevent" ("assignee_id", "authority_basis", "authority_citation", "authority_consent_form", "authority_consent_signed_on", "authority_court", "authority_docket_number", "authority_order_on", "authority_release_id", "authority_rule", "authority_statute_id", "claimed_at", "decided_at", "decided_by_id", "decision_id", "due_on", "id", "legal_basis", "message_to_requester", "opened_at", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "request_id", "resolution", "resolution_reason") VALUES (NEW."assignee_id", NEW."authority_basis", NEW."authority_citation", NEW."authority_consent_form", NEW."authority_consent_signed_on", NEW."authority_court", NEW."authority_docket_number", NEW."authority_order_on", NEW."authority_release_id", NEW."authority_rule", NEW."authority_statute_id", NEW."claimed_at", NEW."decided_at", NEW."decided_by_id", NEW."decision_id", NEW."due_on", NEW."id", NEW."legal_basis", NEW."message_to_requester", NEW."opened_at", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."request_id", NEW."resolution", NEW."resolution_reason"); RETURN NULL;',
                    hash="0aa1d3b6b5f519dd6c9017b512437baa13a1e689",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_d45d0",
                    table="requests_app_review",
                    when="AFTER",
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="authority",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["without_consent", "own_statute", "other"])),
                name="authority_known_kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="authority",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("citation", ""), _negated=True),
                    models.Q(("label", ""), _negated=True),
                ),
                name="authority_cited_and_labelled",
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="authority",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "requests_app_authorityevent" ("active", "citation", "id", "kind", "label", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."active", NEW."citation", NEW."id", NEW."kind", NEW."label", _pgh_attach_context(), NOW(), \'insert\', NEW."id"); RETURN NULL;',
                    hash="17044b8e1cba17caed5a9c10955aac9722c985fa",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_4828c",
                    table="requests_app_authority",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="authority",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "requests_app_authorityevent" ("active", "citation", "id", "kind", "label", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."active", NEW."citation", NEW."id", NEW."kind", NEW."label", _pgh_attach_context(), NOW(), \'update\', NEW."id"); RETURN NULL;',
                    hash="1d5b8469a1a261e9ec2ca7ba86e58951087b2adc",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_10c88",
                    table="requests_app_authority",
                    when="AFTER",
                ),
            ),
        ),
        migrations.AddField(
            model_name="disclosure",
            name="authority_statute",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="requests_app.authority",
                verbose_name="statute or regulation",
            ),
        ),
        migrations.AddField(
            model_name="disclosureevent",
            name="authority_statute",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                related_query_name="+",
                to="requests_app.authority",
                verbose_name="statute or regulation",
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="authority_statute",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="requests_app.authority",
                verbose_name="statute or regulation",
            ),
        ),
        migrations.AddField(
            model_name="reviewevent",
            name="authority_statute",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                related_query_name="+",
                to="requests_app.authority",
                verbose_name="statute or regulation",
            ),
        ),
        migrations.AddConstraint(
            model_name="disclosure",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("authority_basis", ""),
                    models.Q(
                        ("authority_basis", "rule"),
                        models.Q(("authority_rule", ""), _negated=True),
                        models.Q(("authority_citation", ""), _negated=True),
                    ),
                    models.Q(("authority_basis", "release"), ("authority_release__isnull", False)),
                    models.Q(("authority_basis", "statute"), ("authority_statute__isnull", False)),
                    models.Q(
                        ("authority_basis", "court_order"),
                        ("authority_order_on__isnull", False),
                        models.Q(("authority_court", ""), _negated=True),
                        models.Q(("authority_docket_number", ""), _negated=True),
                    ),
                    models.Q(
                        ("authority_basis", "other_consent"),
                        ("authority_consent_signed_on__isnull", False),
                        models.Q(("authority_consent_form", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="disclosure_authority_complete",
                violation_error_message="The authority cited lacks a detail its kind needs.",
            ),
        ),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("authority_basis", ""),
                    models.Q(
                        ("authority_basis", "rule"),
                        models.Q(("authority_rule", ""), _negated=True),
                        models.Q(("authority_citation", ""), _negated=True),
                    ),
                    models.Q(("authority_basis", "release"), ("authority_release__isnull", False)),
                    models.Q(("authority_basis", "statute"), ("authority_statute__isnull", False)),
                    models.Q(
                        ("authority_basis", "court_order"),
                        ("authority_order_on__isnull", False),
                        models.Q(("authority_court", ""), _negated=True),
                        models.Q(("authority_docket_number", ""), _negated=True),
                    ),
                    models.Q(
                        ("authority_basis", "other_consent"),
                        ("authority_consent_signed_on__isnull", False),
                        models.Q(("authority_consent_form", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="review_authority_complete",
                violation_error_message="The authority cited lacks a detail its kind needs.",
            ),
        ),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("authority_basis", ""),
                    ("resolution__in", ("approved", "approved_with_redactions")),
                    _connector="OR",
                ),
                name="review_authority_only_for_approvals",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddConstraint(
                    model_name="review",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("resolution__in", ("approved", "approved_with_redactions")),
                                _negated=True,
                            ),
                            models.Q(("authority_basis", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="review_approval_cites_authority",
                    ),
                )
            ],
            database_operations=[migrations.RunSQL(APPROVAL_CITES_SQL, UNDO_APPROVAL_CITES_SQL)],
        ),
        migrations.AddField(
            model_name="authorityevent",
            name="pgh_context",
            field=models.ForeignKey(
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="pghistory.context",
            ),
        ),
        migrations.AddField(
            model_name="authorityevent",
            name="pgh_obj",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="history",
                to="requests_app.authority",
            ),
        ),
        migrations.RunSQL(FREEZE_HISTORY_SQL, THAW_HISTORY_SQL),
        migrations.RunPython(seed_authorities, migrations.RunPython.noop),
        migrations.RunPython(structure_rule_authorities, migrations.RunPython.noop),
    ]
