"""store stage of claimwatch."""
