"""The personas live in safeplan.personas (a pytest plugin); tests import them from here too."""

from safeplan.personas import PASSWORD, SECRET_ADDRESS, World, make_user

__all__ = ["PASSWORD", "SECRET_ADDRESS", "World", "make_user"]
