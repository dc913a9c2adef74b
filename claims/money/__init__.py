"""The money grammar: every figure in a text, normalised to US dollars.

Modules, in the order data flows through them:

    grammar     parse_money: runs the matchers below on a text, then merges and converts
    words       the lexicons: scale words, currency names and symbols, number words
    latin       figures in Latin digits or number words ('$1.5bn', '1,5 milliard', '1 млрд')
    cjk         figures in CJK or Hangul numerals ('10亿美元', '1兆8000億ドル', '1천376억원')
    thai        figures written in Thai ('1 พันล้านดอลลาร์')
    qualifiers  vague amounts, ranges, conversions, ceilings and floors, periods
    rates       conversion to US dollars from the dated table in data/rates.toml
    model       Money: one figure found, as the rest of the engine sees it
"""
