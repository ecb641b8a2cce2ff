"""cli stage of claimwatch."""
