"""Backups: the database and the uploads in one archive with a manifest of checksums.

``flask backup PATH`` writes it; ``flask restore PATH`` checks every checksum before it changes
anything, then fills an empty instance (never one that already holds accounts, organizations,
cases or files).
"""
