"""Drafted correspondence: the firm's template library and review-gated letters."""
