from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.urls import reverse

from kinship.accounts.tests.factories import make_user
from kinship.config.asgi import application
from kinship.notifications import actions
from kinship.notifications.consumers import NotificationConsumer
from kinship.notifications.models import Notification


def _verified_member(email: str = "river@example.org"):
    user = make_user(email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.mark.django_db
def test_member_sees_own_notifications_and_not_others(client):
    member = make_user()
    other = make_user()
    actions.notify(recipient=member, kind="system.announcement", title="Potluck on Friday")
    actions.notify(recipient=other, kind="system.announcement", title="Not for you")
    client.force_login(member)
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    assert "Potluck on Friday" in response.content.decode()
    assert "Not for you" not in response.content.decode()


@pytest.mark.django_db
def test_notifications_page_needs_sign_in(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_mark_all_read_touches_only_own_unread(client):
    member = make_user()
    other = make_user()
    actions.notify(recipient=member, kind="system.announcement", title="One")
    actions.notify(recipient=member, kind="system.announcement", title="Two")
    theirs = actions.notify(recipient=other, kind="system.announcement", title="Theirs")
    client.force_login(member)
    client.post(reverse("notifications:mark-all-read"))
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.django_db
def test_unknown_kind_is_refused():
    with pytest.raises(LookupError):
        actions.notify(recipient=make_user(), kind="no.such.kind", title="x")


@pytest.mark.django_db
def test_list_page_query_count_is_constant(client, django_assert_max_num_queries):
    member = make_user()
    for number in range(30):
        actions.notify(recipient=member, kind="system.announcement", title=f"Item {number}")
    client.force_login(member)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("notifications:list"))
    assert response.content.decode().count("card--unread") == 25


@pytest.mark.django_db
def test_email_goes_out_over_smtp_only_when_chosen(smtp_server, django_capture_on_commit_callbacks):
    member = _verified_member()
    with django_capture_on_commit_callbacks(execute=True):
        actions.notify(recipient=member, kind="system.announcement", title="Not chosen yet")
    assert smtp_server.messages == []

    actions.set_email_preference(user=member, kind="system.announcement", is_enabled=True)
    with django_capture_on_commit_callbacks(execute=True):
        actions.notify(
            recipient=member, kind="system.announcement", title="Workshop", url="/workshops/"
        )
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert smtp_server.envelopes[0][1] == ["river@example.org"]
    assert "Workshop" in message["Subject"]
    assert "/workshops/" in message.get_payload(decode=True).decode()


@pytest.mark.django_db
def test_unverified_address_gets_no_email(smtp_server, django_capture_on_commit_callbacks):
    member = make_user(email="unverified@example.org")
    EmailAddress.objects.create(user=member, email=member.email, verified=False, primary=True)
    actions.set_email_preference(user=member, kind="system.announcement", is_enabled=True)
    with django_capture_on_commit_callbacks(execute=True):
        actions.notify(recipient=member, kind="system.announcement", title="Hello")
    assert smtp_server.messages == []


@pytest.mark.django_db
def test_email_choices_saved_from_page(client):
    member = _verified_member()
    client.force_login(member)
    client.post(reverse("notifications:email-preferences"), {"kinds": ["system.announcement"]})
    assert actions.wants_email(user=member, kind="system.announcement")
    assert not actions.wants_email(user=member, kind="account.security")
    client.post(reverse("notifications:email-preferences"), {})
    assert not actions.wants_email(user=member, kind="system.announcement")


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_live_notification_reaches_open_socket(django_capture_on_commit_callbacks):
    member = await sync_to_async(make_user)()
    communicator = WebsocketCommunicator(NotificationConsumer.as_asgi(), "/ws/notifications/")
    communicator.scope["user"] = member
    connected, _ = await communicator.connect()
    assert connected
    await sync_to_async(actions.notify)(
        recipient=member, kind="system.announcement", title="Meeting moved to 7pm"
    )
    message = await communicator.receive_json_from(timeout=3)
    assert message["type"] == "notification"
    assert message["notification"]["title"] == "Meeting moved to 7pm"
    await communicator.disconnect()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_anonymous_socket_is_closed():
    communicator = WebsocketCommunicator(
        application, "/ws/notifications/", headers=[(b"origin", b"http://127.0.0.1:8000")]
    )
    connected, code = await communicator.connect()
    assert not connected
    assert code == 4401


@pytest.mark.django_db
def test_api_lists_and_marks_read_with_a_token(client):
    from kinship.accounts import actions as account_actions

    member = make_user()
    actions.notify(recipient=member, kind="system.announcement", title="API hello")
    actions.notify(recipient=make_user(), kind="system.announcement", title="Someone else's")
    _token, secret = account_actions.create_token(user=member, name="phone")
    headers = {"Authorization": f"Bearer {secret}"}
    listing = client.get("/api/v1/notifications", headers=headers).json()
    assert listing["count"] == 1
    assert listing["unread"] == 1
    assert listing["results"][0]["title"] == "API hello"
    other = actions.notify(recipient=member, kind="system.announcement", title="Second")
    marked = client.post(
        "/api/v1/notifications/read",
        {"ids": [other.pk]},
        content_type="application/json",
        headers=headers,
    )
    assert marked.json() == {"marked": 1}
    assert client.get("/api/v1/notifications?unread=true", headers=headers).json()["count"] == 1
    marked = client.post("/api/v1/notifications/read-all", headers=headers)
    assert marked.json() == {"marked": 1}
    assert client.get("/api/v1/notifications?unread=true", headers=headers).json()["count"] == 0


@pytest.mark.django_db
def test_api_refuses_without_credentials(client):
    assert client.get("/api/v1/notifications").status_code == 401


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_notification_saved_by_another_process_reaches_the_socket(settings):
    """Without Redis, a row written where the socket's layer cannot hear it still arrives."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    settings.KINSHIP_LIVE_POLL_SECONDS = 0.1
    member = await sync_to_async(make_user)()
    communicator = WebsocketCommunicator(NotificationConsumer.as_asgi(), "/ws/notifications/")
    communicator.scope["user"] = member
    connected, _ = await communicator.connect()
    assert connected
    # Saved directly, as the task worker's process would: no broadcast reaches this layer.
    await sync_to_async(Notification.objects.create)(
        recipient=member, kind="system.announcement", title="Alert escalated"
    )
    message = await communicator.receive_json_from(timeout=3)
    assert message["notification"]["title"] == "Alert escalated"
    # Sent once: the next poll finds nothing new.
    assert await communicator.receive_nothing(timeout=0.5)
    await communicator.disconnect()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_broadcast_notification_is_not_sent_again_by_polling(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    settings.KINSHIP_LIVE_POLL_SECONDS = 0.1
    member = await sync_to_async(make_user)()
    communicator = WebsocketCommunicator(NotificationConsumer.as_asgi(), "/ws/notifications/")
    communicator.scope["user"] = member
    connected, _ = await communicator.connect()
    assert connected
    await sync_to_async(actions.notify)(
        recipient=member, kind="system.announcement", title="Only once"
    )
    message = await communicator.receive_json_from(timeout=3)
    assert message["notification"]["title"] == "Only once"
    assert await communicator.receive_nothing(timeout=0.5)
    await communicator.disconnect()
