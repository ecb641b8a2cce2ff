"""The parts of entity recognition the entity component composes: the span filter, typing, the ruler."""
