"""Sign-up form: a handle and a password, e-mail optional."""

from __future__ import annotations

from allauth.account.forms import SignupForm as AllauthSignupForm


class SignupForm(AllauthSignupForm):
    pass
