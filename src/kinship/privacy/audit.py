"""Installs the audit recorder (filled in by the privacy app)."""


def install() -> None:
    return None
