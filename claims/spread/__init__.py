"""How claims spread: copies of one article across sites, and each claim's roll-up.

Modules, in the order data flows through them:

    minhash   MinHash signatures of an article's text, with LSH band keys and storage
    excerpts  winnowed fingerprints, for copies that hold only part of a text
    compare   comparison keys: normalised URLs and publication times
    copies    CopyIndex: near-duplicates, excerpts and canonical links grouped by union-find
    rollup    per claim: first appearance, sources, independent copy groups, figures, denials
"""
