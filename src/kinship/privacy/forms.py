"""Forms for the privacy page: share a record, delete the account."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from kinship.privacy.models import GRANTABLE_ROLES, ConsentScope


class GrantConsentForm(forms.Form):
    PERSON = "person"
    ROLE = "role"

    scope = forms.ChoiceField(label=_("What to share"), choices=ConsentScope.choices)
    share_with = forms.ChoiceField(
        label=_("Share with"),
        choices=[(PERSON, _("One person")), (ROLE, _("Everyone with a role"))],
        widget=forms.RadioSelect,
        initial=PERSON,
    )
    handle = forms.CharField(
        label=_("Their name on this site"),
        max_length=30,
        required=False,
        help_text=_("Only this person will see it."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", "---"), *[(role.value, role.label) for role in GRANTABLE_ROLES]],
        required=False,
        help_text=_("Everyone with this role will see it."),
    )
    reason = forms.CharField(
        label=_("Note for yourself (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
    )

    def __init__(self, *args: Any, member: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["grantee_user"] = None
        cleaned["grantee_role"] = None
        if cleaned.get("share_with") == self.PERSON:
            handle = (cleaned.get("handle") or "").strip()
            if not handle:
                self.add_error("handle", _("Type the name of the person."))
                return cleaned
            user_model = get_user_model()
            person = user_model._default_manager.filter(
                handle__iexact=handle, is_active=True
            ).first()
            if person is None:
                self.add_error("handle", _("We could not find anyone with that name."))
            elif person.pk == self.member.pk:
                self.add_error("handle", _("You can always see your own records."))
            else:
                cleaned["grantee_user"] = person
        elif cleaned.get("share_with") == self.ROLE:
            if not cleaned.get("role"):
                self.add_error("role", _("Choose a role."))
            else:
                cleaned["grantee_role"] = cleaned["role"]
        return cleaned


class RevokeConsentForm(forms.Form):
    reason = forms.CharField(
        label=_("Note for yourself (optional)"), required=False, max_length=1000
    )


class DeleteAccountForm(forms.Form):
    KEEP = "keep"
    REMOVE = "remove"

    posts = forms.ChoiceField(
        label=_("What should happen to your posts?"),
        choices=[
            (REMOVE, _("Delete my posts")),
            (KEEP, _("Keep my posts, but remove my name from them")),
        ],
        widget=forms.RadioSelect,
        initial=REMOVE,
    )
    reason = forms.CharField(
        label=_("Why are you leaving? (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
    )
    confirm = forms.BooleanField(
        label=_("Yes, I want to delete my account."),
        error_messages={"required": _("Tick the box to say you are sure.")},
    )

    @property
    def keep_posts_anonymised(self) -> bool:
        return bool(self.cleaned_data.get("posts") == self.KEEP)
