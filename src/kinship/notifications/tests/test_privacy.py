from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse

from kinship.accounts.tests.factories import make_user
from kinship.notifications import actions
from kinship.notifications.models import EmailPreference, Notification
from kinship.privacy import actions as privacy_actions


@pytest.mark.django_db
def test_download_my_data_includes_my_notifications_only(client):
    member = make_user()
    actions.notify(recipient=member, kind="system.announcement", title="Picnic Saturday")
    actions.notify(recipient=make_user(), kind="system.announcement", title="Not mine")
    actions.set_email_preference(user=member, kind="system.announcement", is_enabled=True)
    client.force_login(member)
    response = client.post(reverse("privacy:export"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    exported = json.loads(archive.read("notifications.json"))
    assert [item["title"] for item in exported["notifications"]] == ["Picnic Saturday"]
    assert exported["email_choices"] == [{"kind": "system.announcement", "send_by_email": True}]


@pytest.mark.django_db
def test_erasure_removes_notifications_and_email_choices():
    member = make_user()
    other = make_user()
    actions.notify(recipient=member, kind="system.announcement", title="Mine")
    actions.notify(recipient=other, kind="system.announcement", title="Theirs")
    actions.set_email_preference(user=member, kind="system.announcement", is_enabled=True)
    privacy_actions.erase_account(member=member)
    assert not Notification.objects.filter(recipient=member).exists()
    assert not EmailPreference.objects.filter(user=member).exists()
    assert Notification.objects.filter(recipient=other).count() == 1
