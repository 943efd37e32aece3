"""Registrability and similarity pre-check of a mark (issue 18)."""
