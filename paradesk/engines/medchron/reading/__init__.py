"""The reading stage: what each page says about itself (whose records, which dates
are second-hand), before visits and bills are built from it."""
