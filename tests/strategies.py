"""The strategies of regkit's property tests are public: `regkit.testing.strategies`."""

from regkit.testing.strategies import *  # noqa: F401,F403
from regkit.testing.strategies import __all__  # noqa: F401
