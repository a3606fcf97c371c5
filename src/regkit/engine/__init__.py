"""The evaluator: compiled packs over validated histories (docs/design.md, Layers of the code, layer 4)."""

from .evaluate import evaluate, to_json

__all__ = ["evaluate", "to_json"]
