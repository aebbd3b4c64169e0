"""The audit log in the admin: read only, so no entry can be added, changed or removed."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from kinship.privacy.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ("id", "created_at", "action", "actor_pk", "subject_kind", "subject_id")
    list_filter = ("action",)
    search_fields = ("subject_kind", "subject_id")
    ordering = ("-id",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
