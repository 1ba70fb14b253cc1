"""AuthZEN Authorization API 1.0 (placeholder router; the mapping lands next)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["authzen"])
