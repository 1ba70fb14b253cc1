"""Step definitions, one module per domain noun; registered in scenarios/conftest.py."""
