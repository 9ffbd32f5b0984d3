"""consistency: find numeric and temporal claims that contradict each other across articles."""
__version__ = "0.1.0"
