"""The per-sentence engine: one sentence in, drafts of its claims out (no context yet).

Stages, in the order data flows through them:

    language      guess_language: the text's language when the caller gives none
    split         the text cut into sentences, with character offsets
    cues          offer cues and look-alike cues of the language (data/cues.toml)
    entities      the organisations and people named (data/entities.toml)
    speakers      who speaks (attribution): not the one offering or offered
    groups        employers written beside a name, and groups of people ('OpenAI researchers')
    positions     where a mention stands: rival, former employer, spokesperson, object
    descriptions  a company described rather than named ('the startup', 'the tech giant')
    anaphora      words standing for someone named earlier ('him', '她', 'her lab')
    roles         assign: the offerer and the recipient(s) among the sentence's mentions
    keys          claim_key: offerer -> recipient, and the figure of a vague claim
    events        offers of their own kind: counter-offers, raised offers, bare moves
    sentence      analyse: runs the stages (and claims.money) on one sentence -> Drafts
"""
