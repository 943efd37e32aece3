"""Product registry pages."""
