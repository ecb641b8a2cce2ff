"""link stage of claimwatch."""
