"""export stage of claimwatch."""
