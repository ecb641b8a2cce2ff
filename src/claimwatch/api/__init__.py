"""api stage of claimwatch."""
