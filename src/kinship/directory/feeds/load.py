"""Read a feed document from a local file or an http(s) URL, with a size cap and a deadline."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

DEFAULT_TIMEOUT_SECONDS = 30.0
_CHUNK = 1024 * 1024


class FeedError(Exception):
    """The whole feed is refused; nothing is written. The message says why, plainly."""


def max_feed_bytes() -> int:
    return int(settings.KINSHIP_FEED_MAX_BYTES)


def is_url(location: str) -> bool:
    return "://" in location


def read_feed_bytes(location: str, *, max_bytes: int, timeout: float) -> bytes:
    """The raw document at `location` (a path, or an http/https URL)."""
    if is_url(location):
        scheme = urlsplit(location).scheme.lower()
        if scheme not in {"http", "https"}:
            raise FeedError(f"only http(s) URLs and local files can be imported, not {scheme}:")
        return _download(location, max_bytes=max_bytes, timeout=timeout)
    path = Path(location)
    if not path.is_file():
        raise FeedError(f"no such file: {location}")
    size = path.stat().st_size
    if size > max_bytes:
        raise FeedError(f"the feed is {size:,} bytes, over the {max_bytes:,}-byte limit")
    return path.read_bytes()


def _download(url: str, *, max_bytes: int, timeout: float) -> bytes:
    request = urllib.request.Request(  # noqa: S310  (scheme checked: http or https only)
        url, headers={"User-Agent": "Kinship meeting import", "Accept": "application/json"}
    )
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FeedError(
                    f"the feed is {int(declared):,} bytes, over the {max_bytes:,}-byte limit"
                )
            chunks: list[bytes] = []
            received = 0
            while True:
                if time.monotonic() > deadline:
                    raise FeedError(f"the download took longer than {timeout:g} seconds")
                chunk = response.read(_CHUNK)
                if not chunk:
                    break
                received += len(chunk)
                if received > max_bytes:
                    raise FeedError(f"the feed is over the {max_bytes:,}-byte limit")
                chunks.append(chunk)
    except urllib.error.HTTPError as error:
        raise FeedError(f"the server answered {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise FeedError(f"no answer within {timeout:g} seconds") from None
        raise FeedError(f"could not fetch the feed: {error.reason}") from None
    except TimeoutError:
        raise FeedError(f"no answer within {timeout:g} seconds") from None
    except OSError as error:
        raise FeedError(f"could not fetch the feed: {error}") from None
    return b"".join(chunks)


def decode_feed(document: bytes) -> list[Any]:
    """The top-level array of records; FeedError for anything else."""
    try:
        records = json.loads(document)
    except json.JSONDecodeError as error:
        raise FeedError(
            f"the feed is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from None
    except UnicodeDecodeError:
        raise FeedError("the feed is not UTF-8 text") from None
    if not isinstance(records, list):
        raise FeedError("the feed is not a JSON array of meetings")
    if not records:
        raise FeedError("the feed is an empty array; refusing to remove every meeting")
    return records


def read_feed(
    location: str, *, max_bytes: int | None = None, timeout: float | None = None
) -> list[Any]:
    document = read_feed_bytes(
        location,
        max_bytes=max_feed_bytes() if max_bytes is None else max_bytes,
        timeout=DEFAULT_TIMEOUT_SECONDS if timeout is None else timeout,
    )
    return decode_feed(document)
