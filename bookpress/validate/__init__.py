"""Validation of written outputs with real tools (EPUBCheck) — beside the pipeline, used by build and tests."""
