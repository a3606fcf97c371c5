"""The pieces of compiled rules, now in `engine.compile.records`; kept for the modules that import them here."""

from .compile.records import Where, _interval, _reading, _source, _where

__all__ = ["Where", "_interval", "_reading", "_source", "_where"]
