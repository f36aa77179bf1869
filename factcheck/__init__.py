"""factcheck: check that quoted evidence stands in its sources, grade claims, gate CI on open conflicts."""

__version__ = "0.1.0"
