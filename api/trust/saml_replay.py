"""The IDs of the XUA assertions marked `OneTimeUse` that this process has accepted (SAML 2.0
core §2.5.1.5: such an assertion is used once, never kept for another use).

`OneTimeUse.use` records an ID until the end of its assertion's validity (`NotOnOrAfter` +
the verifier's leeway); a second use of it before then is refused, and so is a new ID while
`capacity` IDs are still remembered (the cache is bounded; it refuses rather than forget an ID
it may still have to refuse). An ID is forgotten once its time has passed: the assertion is
then refused as expired anyway. The IDs are kept as their SHA-256 digests, so an ID's length
costs nothing here.

Per process: `PROCESS_IDS` lives as long as the process, shared by its threads (a lock guards
it). Several processes or workers (`pjd serve --workers N`) do not share it, and a restart or
a replaced worker forgets it: an assertion sent to two workers is accepted by each. Time is
the decision's clock (`now`), as for the assertion's validity.
"""

from __future__ import annotations

import hashlib
import heapq
import threading
from datetime import datetime

from api.trust.saml_verify import refuse

CAPACITY = 100_000  # about 20 MB when full; KJ01 and HN01 are valid 60 and 20 minutes


class OneTimeUse:
    """A thread-safe, bounded set of the one-time assertion IDs seen, each until its end."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self._until: dict[bytes, float] = {}
        self._ends: list[tuple[float, bytes]] = []  # a heap: the soonest end first
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._until)

    def use(self, assertion_id: str, until: datetime, now: datetime) -> None:
        """Record the one use of `assertion_id`, remembered until `until`; refused
        (`ClaimsRefused`) if it was used already, or if the cache is full."""
        key = hashlib.sha256(assertion_id.encode("utf-8")).digest()
        with self._lock:
            self._forget(now.timestamp())
            if key in self._until:
                raise refuse(
                    f"the Assertion {assertion_id[:100]!r} is for one use only (OneTimeUse) "
                    "and was used already: a replay"
                )
            if len(self._until) >= self.capacity:
                raise refuse(
                    f"{self.capacity} one-time assertions (OneTimeUse) are in use; "
                    "no more are accepted until some expire"
                )
            end = until.timestamp()
            self._until[key] = end
            heapq.heappush(self._ends, (end, key))

    def _forget(self, now: float) -> None:
        """Forget every ID whose time has passed at `now`."""
        while self._ends and self._ends[0][0] <= now:
            _, key = heapq.heappop(self._ends)
            del self._until[key]


PROCESS_IDS = OneTimeUse()  # the one-time IDs this process has accepted
