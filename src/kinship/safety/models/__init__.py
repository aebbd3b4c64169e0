"""The safety app's models, one module per noun."""

from kinship.safety.models.alerts import (
    Alert,
    AlertEvent,
    AlertEventKind,
    AlertOutcome,
    AlertReason,
    AlertStatus,
    ContactRequest,
    EscalationTier,
    Shift,
    ShiftPosition,
)
from kinship.safety.models.moderation import (
    CaseReason,
    CaseStatus,
    DecisionAction,
    Flag,
    FlagReason,
    ModerationCase,
    ModerationDecision,
    Suspension,
)
from kinship.safety.models.screening import RECORDED_LEVELS, Assessment, RiskLevel

__all__ = [
    "Alert",
    "AlertEvent",
    "AlertEventKind",
    "AlertOutcome",
    "AlertReason",
    "AlertStatus",
    "Assessment",
    "CaseReason",
    "CaseStatus",
    "ContactRequest",
    "DecisionAction",
    "EscalationTier",
    "Flag",
    "FlagReason",
    "ModerationCase",
    "ModerationDecision",
    "RECORDED_LEVELS",
    "RiskLevel",
    "Shift",
    "ShiftPosition",
    "Suspension",
]
