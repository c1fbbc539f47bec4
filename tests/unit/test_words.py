"""The portal's codes in words (`requests_app.words`, `policy.labels`): every code the engine
reports has a label, and text written with codes reads in words."""

import pytest

from requests_app import policy, words
from requests_app.choices import DutyGroup


def test_every_rule_and_every_reason_the_engine_reports_has_a_label():
    codes = {condition.code for rule in policy.RULES for condition in rule.conditions}
    assert set(policy.REASON_LABELS) == codes
    assert set(policy.RULE_LABELS) == {rule.id for rule in policy.RULES}
    assert set(policy.REASON_CODES) == codes


def test_the_reason_codes_follow_the_rules_order_each_once():
    assert policy.REASON_CODES[:4] == (
        "requester_must_consult_legal",
        "not_in_normal_course",
        "requester_in_doubt",
        "sensitive_information",
    )
    assert policy.REASON_CODES[-2:] == ("recipient_not_listed", "no_release")
    assert len(policy.REASON_CODES) == len(set(policy.REASON_CODES))
    assert "release_signer_minor" in policy.REASON_CODES


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("recipient_not_listed", "Recipient not on the 31-8-5 list"),
        ("no_release", "No release given"),
        ("client_in_open_case", "The client, in an open case"),
        ("a_code_of_older_rules", "A code of older rules"),
    ],
)
def test_a_reason_reads_in_a_few_words(code, label):
    assert policy.reason_label(code) == label


def test_labels_are_short_and_never_codes():
    for label in [*policy.REASON_LABELS.values(), *policy.RULE_LABELS.values()]:
        assert "_" not in label and len(label) <= 90, label


def test_text_written_with_codes_reads_in_words():
    assert words.in_words("requester_in_doubt; recipient_not_listed") == (
        "Requester in doubt; Recipient not on the 31-8-5 list"
    )
    assert words.in_words("role social_worker -> other_dcf_staff") == (
        "role Social worker -> Other DCF staff"
    )
    assert words.in_words("in_review") == "In review by Legal Affairs"


def test_words_and_unknown_codes_are_left_as_they_are():
    assert words.in_words("a laptop, not_a_code, CL-900000") == "a laptop, not_a_code, CL-900000"


def test_duty_groups_read_as_their_titles_in_a_fixed_order():
    held = ["legal_affairs", "agency_legal_director", "made_by_hand"]
    assert words.duty_labels(held) == [
        DutyGroup.LEGAL_AFFAIRS.label,
        DutyGroup.AGENCY_LEGAL_DIRECTOR.label,
        "made by hand",
    ]


def test_an_audit_event_reads_as_what_a_person_did():
    assert words.action_in_words("view") == "Viewed"
    assert words.action_in_words("marked_ready") == "Marked ready for signature"
    assert words.action_in_words("something_new") == "Something new"
    assert words.object_in_words("DisclosureRequest", "7") == "disclosure request DR-000007"
    assert words.object_in_words("Incident", "12") == "incident INC-000012"
    assert words.object_in_words("ReleaseAuthorization", "3") == "release authorization 3"
    assert words.object_in_words("Client", "100") == "client record"
    assert words.object_in_words("home") == "home"
