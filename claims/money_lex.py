"""Lexicons for the money grammar: scale words, currency names and symbols, number words."""

from __future__ import annotations

# Scale words after a number (lower case). Compound entries win over their parts.
SCALES: dict[str, float] = {
    # English and shared short forms
    "thousand": 1e3, "thousands": 1e3, "k": 1e3, "grand": 1e3,
    "million": 1e6, "millions": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6, "m": 1e6, "mm": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9,
    "trillion": 1e12, "trillions": 1e12, "tn": 1e12, "trn": 1e12,
    # French / German / Dutch / Italian
    "milliard": 1e9, "milliards": 1e9, "millier": 1e3, "milliers": 1e3,
    "millionen": 1e6, "mio": 1e6, "mio.": 1e6, "milliarde": 1e9, "milliarden": 1e9,
    "mrd": 1e9, "mrd.": 1e9, "mia.": 1e9, "tausend": 1e3,
    "miljoen": 1e6, "miljoenen": 1e6, "miljard": 1e9, "miljarden": 1e9,
    "milione": 1e6, "milioni": 1e6, "miliardo": 1e9, "miliardi": 1e9,
    # Spanish / Portuguese ("billón" is 10^12 in Spanish)
    "millón": 1e6, "millon": 1e6, "millones": 1e6, "mil millones": 1e9, "millardo": 1e9,
    "millardos": 1e9, "billón": 1e12, "billones": 1e12,
    "milhão": 1e6, "milhao": 1e6, "milhões": 1e6, "milhoes": 1e6, "mil milhões": 1e9,
    "bilhão": 1e9, "bilhao": 1e9, "bilhões": 1e9, "bilhoes": 1e9, "trilhão": 1e12,
    "trilhões": 1e12,
    # Turkish / Azerbaijani / Indonesian / Polish / Czech
    "bin": 1e3, "milyon": 1e6, "milyar": 1e9, "milyard": 1e9, "trilyon": 1e12,
    "ribu": 1e3, "juta": 1e6, "miliar": 1e9, "triliun": 1e12, "mld": 1e9, "mld.": 1e9,
    "miliard": 1e9, "miliardy": 1e9, "miliardów": 1e9, "milionów": 1e6,
    # Vietnamese
    "nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9, "nghìn tỷ": 1e12,
    "ngàn tỷ": 1e12,
    # Russian / Ukrainian
    "тыс": 1e3, "тыс.": 1e3, "тысяч": 1e3, "тысячи": 1e3, "тысяча": 1e3,
    "млн": 1e6, "млн.": 1e6, "миллион": 1e6, "миллиона": 1e6, "миллионов": 1e6,
    "млрд": 1e9, "млрд.": 1e9, "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9,
    "трлн": 1e12, "трлн.": 1e12, "триллион": 1e12, "триллиона": 1e12, "триллионов": 1e12,
    "мільйонів": 1e6, "мільярдів": 1e9, "мільйон": 1e6, "мільярд": 1e9, "мільярди": 1e9,
    "мільйони": 1e6, "mln.": 1e6, "tys": 1e3, "tys.": 1e3,
    # South Asian
    "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "crore": 1e7, "crores": 1e7, "cr": 1e7,
    "करोड़": 1e7, "करोड": 1e7, "लाख": 1e5, "अरब": 1e9, "मिलियन": 1e6, "बिलियन": 1e9,
    "కోట్లు": 1e7, "కోటి": 1e7, "కోట్ల": 1e7, "లక్షలు": 1e5, "లక్షల": 1e5, "లక్ష": 1e5,
    "బిలియన్": 1e9, "బిలియన్ల": 1e9, "మిలియన్": 1e6, "మిలియన్ల": 1e6,
    # Arabic
    "ألف": 1e3, "آلاف": 1e3, "مليون": 1e6, "ملايين": 1e6, "مليار": 1e9, "مليارات": 1e9,
    "بليون": 1e9, "تريليون": 1e12,
}

# Scale words that imply Indian rupees when no currency is written.
INR_SCALES = frozenset({"lakh", "lakhs", "lac", "crore", "crores", "cr", "करोड़", "करोड", "लाख",
                        "కోట్లు", "కోటి", "కోట్ల", "లక్షలు", "లక్షల", "లక్ష"})

# One-letter scales are only read when glued to the digits ("$1B", "100M").
SHORT_SCALES = frozenset({"k", "m", "b", "mm", "bn", "mn", "tn"})

# Number words that can stand before a scale word ("a billion", "un milliard").
NUMBER_WORDS: dict[str, float] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "a hundred": 100,
    "one hundred": 100, "two hundred": 200, "three hundred": 300, "five hundred": 500,
    "half a": 0.5, "a half": 0.5,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "dix": 10, "cent": 100,
    "deux cents": 200, "trois cents": 300,
    "ein": 1, "eine": 1, "einer": 1, "einem": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5,
    "sechs": 6, "zehn": 10, "hundert": 100, "einhundert": 100, "zweihundert": 200,
    "dreihundert": 300,
    "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "diez": 10,
    "cien": 100, "doscientos": 200, "trescientos": 300,
    "um": 1, "uma": 1, "dois": 2, "duas": 2, "três": 3, "dez": 10, "cem": 100,
    "duzentos": 200, "trezentos": 300,
    "bir": 1, "iki": 2, "üç": 3, "beş": 5, "yüz": 100,
    "một": 1, "hai": 2, "ba": 3, "năm": 5, "mười": 10, "một trăm": 100, "hai trăm": 200,
    "один": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "пять": 5, "десять": 10, "сто": 100,
    "двести": 200, "триста": 300,
}

# Currency signs written before the figure (codes are in CURRENCY_CODES).
PREFIX_CURRENCIES: dict[str, str] = {
    "$": "USD", "us$": "USD", "us $": "USD", "u.s.$": "USD", "u.s. $": "USD", "a$": "AUD",
    "au$": "AUD", "c$": "CAD", "ca$": "CAD", "hk$": "HKD", "s$": "SGD", "nt$": "TWD",
    "nz$": "NZD", "r$": "BRL", "mx$": "MXN", "€": "EUR", "£": "GBP", "¥": "JPY", "￥": "JPY",
    "₹": "INR", "₩": "KRW", "₽": "RUB", "₺": "TRY", "₫": "VND", "₦": "NGN", "₱": "PHP",
    "₪": "ILS", "人民币": "CNY", "人民幣": "CNY", "美元": "USD", "新台币": "TWD",
    "新台幣": "TWD",
}

# Currency names written after the figure (lower case).
SUFFIX_CURRENCIES: dict[str, str] = {
    "dollars": "USD", "dollar": "USD", "us dollars": "USD", "us-dollar": "USD",
    "us-dollars": "USD", "u.s. dollars": "USD", "bucks": "USD",
    "dólares": "USD", "dólar": "USD", "dolares": "USD", "dollari": "USD", "dollaro": "USD",
    "dolar": "USD", "dolara": "USD", "doları": "USD", "dollarów": "USD", "dolarů": "USD",
    "dollars américains": "USD", "dollars us": "USD", "долларов": "USD", "доллара": "USD",
    "доллар": "USD", "долл.": "USD", "долл": "USD", "доларів": "USD", "долари": "USD",
    "долар": "USD", "dolarów": "USD", "dolary": "USD", "dolarach": "USD", "đô la": "USD", "đô la mỹ": "USD",
    "đô": "USD", "डॉलर": "USD", "डालर": "USD", "డాలర్లు": "USD", "డాలర్ల": "USD",
    "డాలర్": "USD", "دولار": "USD", "دولارات": "USD", "دولاراً": "USD", "دولارا": "USD",
    "australian dollars": "AUD", "canadian dollars": "CAD", "hong kong dollars": "HKD",
    "singapore dollars": "SGD",
    "euros": "EUR", "euro": "EUR", "евро": "EUR", "يورو": "EUR", "avro": "EUR",
    "pounds": "GBP", "pound": "GBP", "sterling": "GBP", "фунтов": "GBP",
    "yuan": "CNY", "renminbi": "CNY", "юаней": "CNY", "yen": "JPY", "иен": "JPY",
    "won": "KRW", "rupees": "INR", "rupee": "INR", "рупий": "INR", "रुपये": "INR",
    "रुपए": "INR", "రూపాయలు": "INR", "рублей": "RUB", "рубля": "RUB", "рубль": "RUB",
    "руб.": "RUB", "rubles": "RUB", "roubles": "RUB", "lira": "TRY", "liras": "TRY",
    "türk lirası": "TRY", "đồng": "VND", "reais": "BRL", "francs": "CHF", "franken": "CHF",
    "manat": "AZN", "riyals": "SAR", "dirhams": "AED", "rupiah": "IDR",
}

# Currency words glued after CJK numerals (longest first is handled by the trie).
CJK_CURRENCIES: dict[str, str] = {
    "美元": "USD", "美金": "USD", "元": "CNY", "人民币": "CNY", "人民幣": "CNY", "块": "CNY",
    "港元": "HKD", "港币": "HKD", "港幣": "HKD", "欧元": "EUR", "歐元": "EUR", "英镑": "GBP",
    "英鎊": "GBP", "日元": "JPY", "日圓": "JPY", "日币": "JPY", "韩元": "KRW", "韓元": "KRW",
    "卢比": "INR", "盧比": "INR", "新台币": "TWD", "新台幣": "TWD", "台币": "TWD",
    "ドル": "USD", "米ドル": "USD", "円": "JPY", "ユーロ": "EUR", "ポンド": "GBP",
    "人民元": "CNY", "ウォン": "KRW", "ルピー": "INR",
    "달러": "USD", "불": "USD", "원": "KRW", "유로": "EUR", "엔": "JPY", "위안": "CNY",
    "파운드": "GBP", "루피": "INR",
}

CJK_DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
    "七": 7, "八": 8, "九": 9,
}
CJK_SMALL_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000, "십": 10, "백": 100,
                                   "천": 1000}
CJK_BIG_UNITS: dict[str, float] = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "兆": 1e12,
                                   "만": 1e4, "억": 1e8, "조": 1e12}
# "several" before a CJK unit ("数千万", "수억"), and "over" ("上亿").
CJK_SEVERAL = frozenset("数數几幾수")
CJK_OVER = frozenset("上")

# Small numbers written as words in period phrases ("over six years").
PERIOD_NUMBERS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7,
    "huit": 8, "dix": 10, "ein": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
    "sieben": 7, "acht": 8, "zehn": 10, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4,
    "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "diez": 10, "um": 1, "dois": 2, "três": 3,
    "quatro": 4, "oito": 8, "dez": 10, "один": 1, "два": 2, "три": 3, "четыре": 4, "пять": 5,
    "шесть": 6, "семь": 7, "десять": 10, "một": 1, "hai": 2, "ba": 3, "bốn": 4, "sáu": 6,
    "bảy": 7, "tám": 8, "mười": 10,
}

# ISO codes (and common local codes) read case-sensitively before or after a figure.
CURRENCY_CODES: dict[str, str] = {
    code: code for code in ("USD", "EUR", "GBP", "JPY", "CNY", "KRW", "INR", "RUB", "TRY", "VND",
                            "BRL", "CHF", "CAD", "AUD", "HKD", "SGD", "TWD", "NZD", "MXN", "AED",
                            "SAR", "AZN", "IDR", "PLN", "SEK", "NOK", "DKK", "ILS", "ZAR", "THB",
                            "PHP", "MYR", "EGP", "NGN", "PKR", "UAH", "KZT")
} | {"RMB": "CNY", "TL": "TRY", "VNĐ": "VND", "VNđ": "VND", "Rs": "INR", "Rs.": "INR"}
