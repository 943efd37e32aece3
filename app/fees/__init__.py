"""Official fee estimates, computed only from the FeeRate rows in force on a date.

The figures themselves are data (app/models/reference.py, edited on the
reference admin pages); this package only counts how many times each applies.
"""
from app.fees.services import FeeEstimate, FeeLine, estimate_fees, rate_title, rates_in_force

__all__ = ["FeeEstimate", "FeeLine", "estimate_fees", "rate_title", "rates_in_force"]
