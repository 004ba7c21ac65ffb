"""The per-process cache of staff accounts, checked against the log on every lookup (issue 13).

Every request's credential check needs the caller's account (enabled? roles held?). Loading it
from the event log each time costs a snapshot read, an events read and their decoding; this cache
keeps the decoded account, keyed by its id, together with the log position of its newest event.
A lookup first asks the store for that position (one indexed read of the events table's primary
key) and uses the cached account only while it is unchanged. Any account event committed before
the lookup, by this process or by any other sharing the store, moves the position, so the next
request reloads the account: the cache adds no staleness at all. Commands in this process also
drop their account from the cache at once. Bounded: the least recently used accounts go first.
"""

from collections import OrderedDict
from threading import Lock
from uuid import UUID

from domain.user_account import UserAccount

DEFAULT_SIZE = 1024


class AccountCache:
    """At most `size` accounts, each with the log position of its newest event (LRU)."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        if size < 1:
            raise ValueError("the account cache holds at least one account")
        self.size = size
        self._entries: OrderedDict[UUID, tuple[int, UserAccount]] = OrderedDict()
        self._lock = Lock()
        self.hits = 0
        self.misses = 0

    def get(self, account: UUID, position: int) -> UserAccount | None:
        """The cached account if its newest event is still at `position`, else None."""
        with self._lock:
            entry = self._entries.get(account)
            if entry is None or entry[0] != position:
                self.misses += 1
                return None
            self._entries.move_to_end(account)
            self.hits += 1
            return entry[1]

    def put(self, account: UUID, position: int, state: UserAccount) -> None:
        """Keep an account loaded when its newest event was at `position` (or later)."""
        with self._lock:
            self._entries[account] = (position, state)
            self._entries.move_to_end(account)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def forget(self, account: UUID) -> None:
        """Drop an account (it was just changed, or no longer exists)."""
        with self._lock:
            self._entries.pop(account, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def __contains__(self, account: object) -> bool:
        with self._lock:
            return account in self._entries
