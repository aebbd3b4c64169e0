from __future__ import annotations

import re

import pytest
from django.test import Client

from kinship.accounts.tests.factories import UserFactory


@pytest.fixture
def member(db):
    return UserFactory(handle="river")


@pytest.fixture
def member_client(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def visible_text(html: str) -> str:
    """The page's text without tags, whitespace collapsed (for 'does the page say X')."""
    without_tags = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", without_tags)
