"""nlp stage of claimwatch."""
