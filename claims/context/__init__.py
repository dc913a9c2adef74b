"""Discourse: a whole text (or a stream of texts) read as one, so sentences borrow context.

Modules, in the order data flows through them:

    document   find_claims, analyse_text: sentences analysed (claims.engine), then resolved
    coref      antecedents among earlier sentences: who 'her', 'the startup' stand for
    discourse  the article so far (DocState) and resolve: fill the parties a sentence omits
    memory     the claim memory (ClaimMemory): claims seen before, in a crawl or the claim log
    stream     ClaimStream: short texts in order (the lines of a feed) read as one discourse
"""
