"""`make simulate`: a release day, first come against a ballot, with bots (see release_day)."""
