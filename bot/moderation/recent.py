"""The last day's peer messages, in memory only, for the preview of a new moderator term.

``/mod terms add`` shows what a term would have flagged before it applies. The
messages come from this bounded buffer rather than from channel history through the
API: it needs no extra requests or permissions, covers threads and watched channels
alike (whatever the moderator read), and keeps nobody's words on disk. It is empty
after a restart, and the preview says how many messages it read.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta
from typing import Final

PREVIEW_WINDOW: Final = timedelta(days=1)
PREVIEW_KEPT: Final = 5000


class RecentTexts:
    def __init__(self, kept: int = PREVIEW_KEPT) -> None:
        self._entries: deque[tuple[datetime, int, str]] = deque(maxlen=kept)

    def add(self, at: datetime, author_id: int, text: str) -> None:
        self._entries.append((at, author_id, text))

    def within(self, now: datetime, window: timedelta = PREVIEW_WINDOW) -> list[str]:
        """The texts seen in the window before ``now``, oldest first."""
        return [text for at, _, text in self._entries if now - at <= window]

    def forget(self, author_id: int) -> int:
        """Drop one person's messages (erasure); how many."""
        kept = [entry for entry in self._entries if entry[1] != author_id]
        dropped = len(self._entries) - len(kept)
        self._entries.clear()
        self._entries.extend(kept)
        return dropped
