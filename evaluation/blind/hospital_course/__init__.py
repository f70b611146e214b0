"""Blind corpus: hospital stays (H&P, progress notes, discharge summary), after-care."""
