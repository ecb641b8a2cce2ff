"""Events as detection + grouping: candidate triggers, their features, the learned trigger model,
the arguments of a mention and the grouping of mentions into incidents."""
