"""Reference data pages."""
