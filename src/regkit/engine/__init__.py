"""The evaluator: compiled packs over validated histories (DESIGN §3, layer 4)."""

from .evaluate import evaluate, to_json

__all__ = ["evaluate", "to_json"]
