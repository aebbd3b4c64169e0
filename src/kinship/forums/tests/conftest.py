"""Forum tests share the real SMTP server fixture with the notifications tests."""

from kinship.notifications.tests.conftest import smtp_server

__all__ = ["smtp_server"]
