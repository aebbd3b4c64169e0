"""Forms: sign-up (a handle and a password, e-mail optional), profile and API tokens."""

from __future__ import annotations

from typing import Any, cast

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kinship.accounts.actions import validate_new_handle
from kinship.accounts.models import User
from kinship.accounts.screening import text_rule_problems
from kinship.accounts.validators import (
    BIO_MAX_LENGTH,
    HANDLE_MAX_LENGTH,
    available_time_zones,
    validate_language_code,
)


class LoginForm(AllauthLoginForm):  # type: ignore[misc]  # allauth ships no types
    """Sign in with a handle: plain labels, no placeholders that vanish while typing."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Handle")
        self.fields["login"].widget.attrs["placeholder"] = ""
        self.fields["login"].widget.attrs["autocapitalize"] = "none"
        self.fields["password"].label = _("Password")
        self.fields["password"].widget.attrs["placeholder"] = ""
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me signed in on this device")


class SignupForm(AllauthSignupForm):  # type: ignore[misc]  # allauth ships no types
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        handle = self.fields["username"]
        handle.label = _("Handle")
        handle.help_text = _(
            "The name other members see. Use a nickname, not your real name, "
            "e-mail or phone number."
        )
        handle.widget.attrs["placeholder"] = ""
        if "email" in self.fields:
            email = self.fields["email"]
            email.label = _("E-mail (you can leave this empty)")
            email.help_text = _(
                "Only used to reset your password. Other members never see it. "
                "We send a link to check it."
            )
            email.widget.attrs["placeholder"] = ""


class ProfileForm(forms.Form):
    """Edit one's own profile. A plain form, so the signed-in user changes only in the action."""

    handle = forms.CharField(
        label=_("Handle"),
        max_length=HANDLE_MAX_LENGTH,
        help_text=_("The name other members see. Not your real name."),
    )
    pronouns = forms.CharField(
        label=_("Pronouns"),
        max_length=40,
        required=False,
        help_text=_("For example: she/her, he/him, they/them."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages I speak"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_languages = forms.CharField(
        label=_("Other languages"),
        required=False,
        help_text=_("Language codes with commas between them, for example: vi, ase"),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=())
    bio = forms.CharField(
        label=_("A few words about you"),
        required=False,
        max_length=BIO_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Up to 500 characters. Share only what feels right."),
    )
    show_pronouns = forms.BooleanField(label=_("Show my pronouns to other members"), required=False)
    show_languages = forms.BooleanField(
        label=_("Show my languages to other members"), required=False
    )
    show_bio = forms.BooleanField(label=_("Show my bio to other members"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        site_codes = {code for code, _name in settings.LANGUAGES}
        kwargs.setdefault(
            "initial",
            {
                "handle": user.handle,
                "pronouns": user.pronouns,
                "languages": [code for code in user.languages if code in site_codes],
                "other_languages": ", ".join(
                    code for code in user.languages if code not in site_codes
                ),
                "time_zone": user.time_zone,
                "bio": user.bio,
                "show_pronouns": user.show_pronouns,
                "show_languages": user.show_languages,
                "show_bio": user.show_bio,
            },
        )
        super().__init__(*args, **kwargs)
        time_zone = cast(forms.ChoiceField, self.fields["time_zone"])
        time_zone.choices = [
            (name, name.replace("_", " ")) for name in sorted(available_time_zones())
        ]

    def clean_handle(self) -> str:
        handle: str = self.cleaned_data["handle"].strip()
        validate_new_handle(handle, exclude=self.user)
        return handle

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        bio = cleaned.get("bio") or ""
        if bio:
            problems = text_rule_problems(bio, is_public=bool(cleaned.get("show_bio")))
            if problems:
                self.add_error("bio", problems)
        return cleaned

    def clean_other_languages(self) -> list[str]:
        raw: str = self.cleaned_data["other_languages"]
        codes = [code.strip() for code in raw.replace(";", ",").split(",") if code.strip()]
        errors: list[str] = []
        for code in codes:
            try:
                validate_language_code(code)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return codes

    def changes(self) -> dict[str, Any]:
        """The cleaned profile, ready for `actions.update_profile`."""
        data = {
            field: self.cleaned_data[field]
            for field in (
                "handle",
                "pronouns",
                "time_zone",
                "bio",
                "show_pronouns",
                "show_languages",
                "show_bio",
            )
        }
        chosen = [*self.cleaned_data["languages"], *self.cleaned_data["other_languages"]]
        data["languages"] = list(dict.fromkeys(chosen))
        return data


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=80,
        help_text=_("A name to help you remember what uses it, for example: my phone."),
    )
