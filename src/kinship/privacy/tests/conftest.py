import pytest
from django.test import Client

from kinship.accounts.tests.factories import UserFactory


@pytest.fixture
def member():
    return UserFactory.create(handle="river", email="river@example.org", bio="Two years clean")


@pytest.fixture
def member_client(member):
    client = Client()
    client.force_login(member)
    return client
