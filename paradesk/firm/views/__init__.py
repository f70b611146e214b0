"""The firm app's pages: sign-in (`auth`), people (`people`), API tokens (`tokens`)."""
