"""Every write of the safety app, grouped by noun; the screening entry points re-exported.

Feature apps call `screen_content` (and `check_content_rules` in `rules`) from their own
actions; staff pages and the API call the alert, rota and moderation actions.
"""

from kinship.safety.actions.screening import ScreenResult, SourceRef, screen_content

__all__ = ["ScreenResult", "SourceRef", "screen_content"]
