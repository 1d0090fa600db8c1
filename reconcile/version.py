"""The package version: one place, read by the build (pyproject) and stamped on every run."""

__version__ = "0.1.0"
