"""Plain helpers that test suites of more than one directory share, imported as
``tests.support.<name>``: no tests here, and no fixtures registered by importing (a conftest.py
that wants the browser fixtures of ``browser`` imports them itself)."""
