"""Helpers for tests only: sign-in, records made through the real services, the access matrix.

Every app's tests import from here; runtime code never does (safeplan/tests/test_test_helpers.py
checks). The named personas are the `world` fixture in safeplan.personas.
"""
