"""screen_content: what is recorded, what the audit log gets, and what it never keeps."""

from __future__ import annotations

import pytest

from kinship.accounts.tests.factories import make_user
from kinship.core.audit import AuditAction
from kinship.privacy import actions as privacy_actions
from kinship.privacy.models import AuditEntry
from kinship.safety import actions
from kinship.safety.models import Assessment
from kinship.safety.privacy import export_safety_records

SOURCE = actions.SourceRef(kind="forums.post", id="41", url="/forums/posts/41/")


@pytest.mark.django_db
def test_ordinary_text_is_not_recorded():
    result = actions.screen_content(
        author=make_user(), text="Day 60 and this heat is killing me lol", source=SOURCE
    )
    assert result.level == "none"
    assert result.assessment_id is None
    assert not result.needs_help_shown
    assert not Assessment.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.CONTENT_SCREENED).exists()


@pytest.mark.django_db
def test_concern_is_recorded_with_its_signals_and_an_audit_row_without_the_text():
    member = make_user()
    text = "Relapsed last night and I feel hopeless about all of it."
    result = actions.screen_content(author=member, text=text, source=SOURCE, channel="forum")
    assert result.level == "concern"
    assert result.needs_help_shown
    assert not result.holds_content
    assert result.assessment_id is not None
    assessment = Assessment.objects.get(pk=result.assessment_id)
    assert (assessment.source_kind, assessment.source_id, assessment.source_url) == (
        "forums.post",
        "41",
        "/forums/posts/41/",
    )
    assert assessment.author == member
    assert assessment.channel == "forum"
    assert {signal["signal"] for signal in assessment.signals} >= {"relapse", "hopelessness"}
    entry = AuditEntry.objects.get(action=AuditAction.CONTENT_SCREENED)
    assert entry.subject_id == str(assessment.pk)
    assert entry.data["level"] == "concern"
    assert "relapse" in entry.data["signals"]
    assert "last night" not in str(entry.data)
    assert not hasattr(assessment, "text")


@pytest.mark.django_db
def test_imminent_content_is_held_from_others():
    result = actions.screen_content(
        author=make_user(),
        text="Goodbye everyone. The note is on my desk.",
        source=SOURCE,
        channel="forum",
    )
    assert result.level == "imminent"
    assert result.holds_content
    assert Assessment.objects.get().holds_content


@pytest.mark.django_db
def test_method_details_are_held_at_high():
    result = actions.screen_content(
        author=make_user(),
        text="I think about suicide all the time and I know 30 pills would do it.",
        source=SOURCE,
    )
    assert result.holds_content


@pytest.mark.django_db
def test_an_anonymous_source_is_recorded_without_an_author():
    result = actions.screen_content(author=None, text="I want to die.", source=SOURCE)
    assert result.level == "high"
    assert Assessment.objects.get().author is None


@pytest.mark.django_db
def test_a_screener_failure_is_recorded_as_concern(monkeypatch):
    from kinship.safety.screening import engine

    def broken(text):
        raise ValueError("boom")

    monkeypatch.setattr(engine, "_assess", broken)
    result = actions.screen_content(author=make_user(), text="hello", source=SOURCE)
    assert result.level == "concern"
    assert Assessment.objects.get().signals[0]["signal"] == "screening_error"


@pytest.mark.django_db
def test_the_member_export_lists_only_their_own_results_and_erasure_removes_them():
    member = make_user()
    other = make_user()
    actions.screen_content(author=member, text="I feel so alone lately.", source=SOURCE)
    actions.screen_content(author=other, text="Haven't slept in days.", source=SOURCE)
    exported = export_safety_records(member)
    assert [item["level"] for item in exported["screening_results"]] == ["concern"]
    privacy_actions.erase_account(member=member)
    assert list(Assessment.objects.values_list("author", flat=True)) == [other.pk]
