"""The only ways views get privacy objects on a member's behalf."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from kinship.privacy.models import ConsentGrant


def access_consent_grant(user: Any, grant_id: int) -> ConsentGrant:
    """The grant, if ``user`` made it; 404 otherwise (others' grants are not revealed)."""
    grant = ConsentGrant.objects.filter(pk=grant_id, member_id=user.pk).first()
    if grant is None:
        raise Http404
    return grant
