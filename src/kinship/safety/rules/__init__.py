"""Content rules: no contact details in public, no solicitation anywhere.

Feature apps call `check_content_rules(text, is_public=...)` before saving a post and, on
a hit, show the member each hit's explanation (with the matched words marked) so they
can change the text, or share the details in a private message here instead. Public
places get every rule; private channels only the solicitation rules, because sharing a
number with one person privately is fine but selling, recruiting and dating are not.

Why these rules (see docs/guides/moderator.md): people in early recovery are targeted
by paid treatment recruiters ("patient brokers"), dealers and people looking for a date
with someone vulnerable, and a phone number posted in public can be used by anyone.

The rules are regular expressions (`patterns`) run by small matchers (`matchers`) over
the text lower-cased in ASCII only, so spans index the text the member typed. Each
pattern is compiled once and runs only when the text holds one of its gate words; an
ordinary 5,000-character post is checked in about 0.2 ms, a pathological one in 2 ms.
Crisis lines the community shares (988, 911, 741741, the SAMHSA Helpline...) and the
numbers in the install's own help list never count as contact details.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.utils.translation import gettext as _

from kinship.safety.rules import matchers

logger = logging.getLogger(__name__)


class RuleCode(StrEnum):
    PHONE_NUMBER = "phone_number"
    EMAIL_ADDRESS = "email_address"
    SOCIAL_HANDLE = "social_handle"
    TREATMENT_BROKER = "treatment_broker"
    DRUG_SELLING = "drug_selling"
    DATING = "dating"
    SELLING = "selling"


CONTACT_CODES = frozenset({RuleCode.PHONE_NUMBER, RuleCode.EMAIL_ADDRESS, RuleCode.SOCIAL_HANDLE})

# Crisis and help lines, as digits without a leading US country code. A number written
# with these digits is never a contact detail.
CRISIS_LINES = frozenset(
    {
        "911",
        "988",
        "741741",
        "8006624357",  # SAMHSA National Helpline
        "8004843731",  # Never Use Alone
        "8002738255",  # the Lifeline's old number, still widely shared
        "8007997233",  # National Domestic Violence Hotline
        "8664887386",  # The Trevor Project
        "8775658860",  # Trans Lifeline
        "8009855990",  # Disaster Distress Helpline
        "8009506264",  # NAMI HelpLine
    }
)
_HELP_LINK_SCHEMES = ("tel:", "sms:")


def help_line_numbers() -> frozenset[str]:
    """The crisis lines above and every number in the install's own help list."""
    configured: dict[str, list[dict[str, str]]] | None = getattr(
        settings, "KINSHIP_HELP_RESOURCES", None
    )
    numbers = set(CRISIS_LINES)
    for resources in (configured or {}).values():
        for resource in resources:
            href = str(resource.get("href", ""))
            if href.startswith(_HELP_LINK_SCHEMES):
                digits = matchers.digits_of(href.split("?", 1)[0])
                numbers.add(digits[1:] if len(digits) == 11 and digits[0] == "1" else digits)
    return frozenset(numbers)


@dataclass(frozen=True)
class RuleHit:
    """One rule the text breaks: its code, what to tell the member, and where."""

    code: str
    explanation: str
    spans: tuple[tuple[int, int], ...]

    @property
    def is_contact_details(self) -> bool:
        return self.code in CONTACT_CODES

    @property
    def label(self) -> str:
        return label(self.code)

    def matched_text(self, text: str) -> list[str]:
        return [text[start:end] for start, end in self.spans]


def label(code: str) -> str:
    """A short name for the rule, for moderators' pages."""
    labels: dict[str, str] = {
        RuleCode.PHONE_NUMBER: _("Phone number"),
        RuleCode.EMAIL_ADDRESS: _("E-mail address"),
        RuleCode.SOCIAL_HANDLE: _("Social media or a way to reach them elsewhere"),
        RuleCode.TREATMENT_BROKER: _("Treatment broker"),
        RuleCode.DRUG_SELLING: _("Buying or selling drugs"),
        RuleCode.DATING: _("Dating"),
        RuleCode.SELLING: _("Selling or advertising"),
    }
    return labels[code]


def explain(code: str) -> str:
    """The plain-words explanation shown to the member for one rule."""
    share_privately = _(
        "You can send it to one person in a private message here on Kinship instead."
    )
    explanations: dict[str, str] = {
        RuleCode.PHONE_NUMBER: _(
            "This looks like a phone number. To keep you safe, phone numbers are not "
            "shared in public here: anyone could see it. Crisis lines like 988 are always "
            "fine."
        ),
        RuleCode.EMAIL_ADDRESS: _(
            "This looks like an e-mail address. To keep you safe, e-mail addresses are not "
            "shared in public here: anyone could see it."
        ),
        RuleCode.SOCIAL_HANDLE: _(
            "This looks like a social media account or a way to reach you outside "
            "Kinship. To keep you safe, these are not shared in public here."
        ),
        RuleCode.TREATMENT_BROKER: _(
            "This looks like an offer to get someone into treatment for money, travel or "
            "other perks. Paid recruiters often target people in recovery, so offers like "
            "this are not allowed. To find treatment, the SAMHSA Helpline is free and "
            "confidential: 1-800-662-4357."
        ),
        RuleCode.DRUG_SELLING: _(
            "This looks like buying or selling drugs or medication, which is not allowed "
            "here. If cravings are strong right now, you can talk to someone: help is one "
            "tap away."
        ),
        RuleCode.DATING: _(
            "Kinship is for recovery support, not dating. Looking for a date or a partner "
            "is not allowed here, in public or in private, so everyone, and newcomers "
            "most of all, can feel safe."
        ),
        RuleCode.SELLING: _(
            "This looks like selling something or promoting a business, which is not allowed here."
        ),
    }
    text = explanations[code]
    if code in CONTACT_CODES:
        return f"{text} {share_privately}"
    return text


_Rule = tuple[RuleCode, Callable[[matchers.Text], Iterator[matchers.Span]]]
_CONTACT_RULES: tuple[_Rule, ...] = (
    (RuleCode.EMAIL_ADDRESS, matchers.email_spans),
    (RuleCode.SOCIAL_HANDLE, matchers.social_spans),
)
_SOLICITATION_RULES: tuple[_Rule, ...] = (
    (RuleCode.TREATMENT_BROKER, matchers.broker_spans),
    (RuleCode.DRUG_SELLING, matchers.drug_spans),
    (RuleCode.DATING, matchers.dating_spans),
    (RuleCode.SELLING, matchers.selling_spans),
)


def find_rule_spans(
    text: str, *, is_public: bool, allowed_numbers: frozenset[str] | None = None
) -> dict[RuleCode, tuple[matchers.Span, ...]]:
    """The spans each rule matched, without explanations (and without a safety net)."""
    found: dict[RuleCode, tuple[matchers.Span, ...]] = {}
    prepared = matchers.Text.of(text)
    if is_public:
        allowed = help_line_numbers() if allowed_numbers is None else allowed_numbers
        phones = list(matchers.phone_spans(prepared, allowed))
        if phones:
            found[RuleCode.PHONE_NUMBER] = matchers.merge(phones)
        for code, contact_rule in _CONTACT_RULES:
            spans = list(contact_rule(prepared))
            if spans:
                found[code] = matchers.merge(spans)
    for code, solicitation_rule in _SOLICITATION_RULES:
        spans = list(solicitation_rule(prepared))
        if spans:
            found[code] = matchers.merge(spans)
    return found


def check_content_rules(
    text: str, *, is_public: bool, allowed_numbers: frozenset[str] | None = None
) -> list[RuleHit]:
    """Every content rule `text` breaks, each with a plain explanation and its spans.

    `is_public` is false for private channels (one-to-one and mentor messages), which get
    only the solicitation rules. `allowed_numbers` (digits, no leading US 1) defaults to
    the crisis lines and the numbers in the install's help list. Never raises: a failure
    inside is logged and the text passes, because a rule must never stop a member from
    asking for help.
    """
    try:
        found = find_rule_spans(text, is_public=is_public, allowed_numbers=allowed_numbers)
    except Exception:
        logger.exception("content rules failed; the text passes unchecked")
        return []
    return [
        RuleHit(code=code.value, explanation=explain(code), spans=spans)
        for code, spans in found.items()
    ]
