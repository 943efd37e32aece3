"""Wizard pages."""
