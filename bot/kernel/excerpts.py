"""Short quoted excerpts of what someone wrote, for facilitators' alerts and the
moderation log: flattened, shortened, and unable to ping anyone."""

from __future__ import annotations

EXCERPT_CHARS = 200


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """A short, quoted excerpt that pings nobody (privacy: never the whole history)."""
    flat = " ".join(text.split()).replace("@", "@\u200b")
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
