"""nlp/components stage of claimwatch."""
