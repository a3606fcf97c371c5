"""The compiled time limits, now in `engine.compile.deadlines`; kept for the modules that import them here."""

from .compile.deadlines import CompiledDeadline, CompiledReceipt, CompiledRecurring, Layer, layers_for

__all__ = ["CompiledDeadline", "CompiledReceipt", "CompiledRecurring", "Layer", "layers_for"]
