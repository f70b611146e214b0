"""Medical records and bills -> a cited chronology (pure Python, no Django).

Takes page texts (document name, page number, text), returns encounters, bills, gaps,
providers and missing-document flags, every fact cited to its page.
"""
