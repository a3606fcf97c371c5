"""The public, validated shapes: rule packs (and, as they arrive, events and results)."""

from .packs import *  # noqa: F403
from .packs import __all__ as _packs_all

__all__ = list(_packs_all)
