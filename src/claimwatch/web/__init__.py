"""web stage of claimwatch."""
