"""The Russian analysis path: natasha's segmentation, morphology, syntax and NER, then claimwatch's
own Russian rules for entities, quotes, figures and events, behind the same document contract.

Nothing here is imported until a Russian article comes (see :mod:`claimwatch.nlp.languages`).
"""
