"""Deadline pages."""
