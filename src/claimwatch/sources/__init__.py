"""sources stage of claimwatch."""
