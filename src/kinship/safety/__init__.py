"""Safety: crisis screening of member-written text (alerts and moderation build on it)."""
