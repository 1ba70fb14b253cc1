"""What the AuthZEN endpoints refuse to take on: too many evaluations (`engine.TooLarge`, a 413
in `api.errors`), a search the pack cannot answer (`api.errors.SearchUnsupported`, 404). Each
is refused before anything is evaluated."""

from __future__ import annotations

MAX_EVALUATIONS = 1000  # items in one batch
MAX_PAGE = 1000  # results in one search page, whatever `page.limit` asks
