"""Benchmarks that drive the browser reuse the browser tests' fixtures."""

from tests.browser.conftest import browser, page  # noqa: F401 - fixtures for the benchmarks
