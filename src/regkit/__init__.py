"""regkit: Chinese government-data-sharing regulations as data, and answers from them."""

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("regkit")
except PackageNotFoundError:  # running from a checkout without installing
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
