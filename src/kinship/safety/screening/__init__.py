"""Crisis screening: pure Python, no Django, so it is fast and testable on its own."""

from kinship.safety.screening.engine import LEVELS, Assessment, Signal, assess

__all__ = ["LEVELS", "Assessment", "Signal", "assess"]
