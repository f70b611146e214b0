"""Operations: everything that runs the install rather than the firm's work."""
