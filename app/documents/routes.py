"""File downloads."""
