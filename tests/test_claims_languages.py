"""The claim engine in many languages: offers, reports, hires, denials and look-alikes.

Every sentence is invented for these tests (the people are fictional); each language has an
offer with a figure and a refusal, a reported offer, a completed hire, a denial, and a funding
round or valuation that must not read as an offer. Recipients of unlisted names are not
asserted: finding them is the entity finder's job.
"""

from __future__ import annotations

import pytest

from claims import find_claims, parse_money
from claims.engine.cues import scan
from claims.engine.language import guess_language

M = 1e6

# (language, kind, sentence); kind: offer, report, hire, deny
CLAIMS: list[tuple[str, str, str]] = [
    ("en", "offer", "Meta offered Ola Testperson $100 million, but he turned it down."),
    (
        "en",
        "report",
        "According to people familiar with the matter, OpenAI offered the researcher $50 million.",
    ),
    (
        "en",
        "hire",
        "Google hired Ola Testperson with a $30 million pay package, the company confirmed.",
    ),
    ("en", "deny", "Meta denied that it offered $200 million to the engineer."),
    ("no", "offer", "Meta tilbød Ola Nordmann 100 millioner dollar, men han takket nei."),
    ("no", "report", "Ifølge kilder skal OpenAI ha tilbudt forskeren 50 millioner dollar."),
    ("no", "hire", "Google har ansatt Kari Nordmann for 30 millioner dollar, ifølge avisen."),
    ("no", "deny", "Meta avviser at selskapet tilbød 200 millioner dollar."),
    ("da", "offer", "Meta tilbød Lars Hansen 100 millioner dollar, men han sagde nej."),
    ("da", "report", "Ifølge kilder har OpenAI tilbudt ingeniøren 50 millioner dollar."),
    ("da", "hire", "Google har ansat Lars Hansen for 30 millioner dollar, oplyser selskabet."),
    ("da", "deny", "Meta afviser, at selskabet tilbød 200 millioner dollar."),
    ("sv", "offer", "Meta erbjöd Erik Svensson 100 miljoner dollar, men han tackade nej."),
    ("sv", "report", "Enligt källor ska OpenAI ha erbjudit forskaren 50 miljoner dollar."),
    ("sv", "hire", "Google anställde Erik Svensson för 30 miljoner dollar, uppger bolaget."),
    ("sv", "deny", "Meta förnekar att bolaget erbjöd 200 miljoner dollar."),
    ("cs", "offer", "Meta nabídla Janu Novákovi 100 milionů dolarů, ale on odmítl."),
    ("cs", "report", "Podle zdrojů OpenAI nabídla výzkumníkovi 50 milionů dolarů."),
    ("cs", "hire", "Google najal Jana Nováka za 30 milionů dolarů, uvedla firma."),
    ("cs", "deny", "Meta popřela, že by nabídla 200 milionů dolarů."),
    ("pl", "offer", "Meta zaoferowała Janowi Kowalskiemu 100 mln dolarów, ale ten odmówił."),
    ("pl", "report", "Według doniesień OpenAI zaproponowała badaczowi 50 milionów dolarów."),
    ("pl", "hire", "Google zatrudnił Jana Kowalskiego za 30 mln dolarów, jak podaje serwis."),
    ("pl", "deny", "Meta zaprzeczyła, jakoby zaoferowała 200 mln dolarów."),
    ("de", "offer", "Meta bot Max Mustermann 100 Millionen Dollar an, doch er lehnte ab."),
    ("de", "report", "OpenAI soll dem Forscher laut Insidern 50 Millionen Dollar angeboten haben."),
    (
        "de",
        "hire",
        "Google hat Max Mustermann für 30 Millionen Dollar angeheuert, berichtete das Blatt.",
    ),
    ("de", "deny", "Meta bestritt, dem Forscher 200 Millionen Dollar angeboten zu haben."),
    ("it", "offer", "Meta ha offerto a Mario Rossi 100 milioni di dollari, ma lui ha rifiutato."),
    (
        "it",
        "report",
        "Secondo indiscrezioni OpenAI avrebbe offerto 50 milioni di dollari al ricercatore.",
    ),
    (
        "it",
        "hire",
        "Google ha assunto Mario Rossi con un ingaggio da 30 milioni di dollari, riporta il giornale.",
    ),
    ("it", "deny", "Meta ha smentito di aver offerto 200 milioni di dollari al ricercatore."),
    (
        "tr",
        "offer",
        "Meta, Ahmet Yılmaz'a 100 milyon dolar teklif etti ancak Yılmaz teklifi reddetti.",
    ),
    ("tr", "report", "İddiaya göre OpenAI, araştırmacıya 50 milyon dolar teklif etmiş."),
    ("tr", "hire", "Google, Ahmet Yılmaz'ı 30 milyon dolara işe aldı, haberi Reuters bildirdi."),
    ("tr", "deny", "Meta, araştırmacıya 200 milyon dolar teklif ettiği iddialarını yalanladı."),
    (
        "ro",
        "offer",
        "Meta i-a oferit lui Ion Popescu 100 de milioane de dolari, dar acesta a refuzat.",
    ),
    (
        "ro",
        "report",
        "Potrivit unor surse, OpenAI i-ar fi oferit cercetătorului 50 de milioane de dolari.",
    ),
    (
        "ro",
        "hire",
        "Google l-a angajat pe Ion Popescu pentru 30 de milioane de dolari, potrivit presei.",
    ),
    ("ro", "deny", "Meta a negat că i-ar fi oferit cercetătorului 200 de milioane de dolari."),
    ("hu", "offer", "A Meta 100 millió dollárt ajánlott Kovács Jánosnak, de ő visszautasította."),
    ("hu", "report", "Értesülések szerint az OpenAI 50 millió dollárt kínált a kutatónak."),
    ("hu", "hire", "A Google 30 millió dollárért felvette Kovács Jánost, jelentette a lap."),
    ("hu", "deny", "A Meta cáfolta, hogy 200 millió dollárt ajánlott volna a kutatónak."),
    ("fi", "offer", "Meta tarjosi Matti Virtaselle 100 miljoonaa dollaria, mutta hän kieltäytyi."),
    ("fi", "report", "Lähteiden mukaan OpenAI tarjosi tutkijalle 50 miljoonaa dollaria."),
    (
        "fi",
        "hire",
        "Google palkkasi Matti Virtasen 30 miljoonan dollarin palkkapaketilla, kertoo lehti.",
    ),
    ("fi", "deny", "Meta kiisti tarjonneensa tutkijalle 200 miljoonaa dollaria."),
    (
        "el",
        "offer",
        "Η Meta πρόσφερε στον Γιάννη Παπαδόπουλο 100 εκατομμύρια δολάρια, αλλά εκείνος αρνήθηκε.",
    ),
    ("el", "report", "Σύμφωνα με πηγές, η OpenAI προσέφερε 50 εκατ. δολάρια στον ερευνητή."),
    (
        "el",
        "hire",
        "Η Google προσέλαβε τον Γιάννη Παπαδόπουλο με πακέτο αποδοχών 30 εκατ. δολαρίων, σύμφωνα με δημοσιεύματα.",
    ),
    ("el", "deny", "Η Meta διέψευσε ότι προσέφερε 200 εκατομμύρια δολάρια στον ερευνητή."),
    ("he", "offer", "Meta הציעה ליונתן לוי 100 מיליון דולר, אך הוא סירב להצעה."),
    ("he", "report", "לפי דיווחים, OpenAI הציעה לחוקר 50 מיליון דולר."),
    ("he", "hire", "Google גייסה את יונתן לוי בחבילת שכר של 30 מיליון דולר, כך דווח."),
    ("he", "deny", "Meta הכחישה כי הציעה לחוקר 200 מיליון דולר."),
    ("fa", "offer", "Meta به علی رضایی ۱۰۰ میلیون دلار پیشنهاد داد، اما او نپذیرفت."),
    ("fa", "report", "به گزارش رسانه‌ها، OpenAI به این پژوهشگر ۵۰ میلیون دلار پیشنهاد کرده است."),
    ("fa", "hire", "Google علی رضایی را با بسته حقوق ۳۰ میلیون دلاری استخدام کرد."),
    ("fa", "deny", "Meta پیشنهاد ۲۰۰ میلیون دلاری به این پژوهشگر را تکذیب کرد."),
    ("es", "offer", "Meta le ofreció 100 millones de dólares a Juan Pérez, pero él lo rechazó."),
    (
        "es",
        "report",
        "Según fuentes cercanas, OpenAI ofreció 50 millones de dólares al investigador.",
    ),
    (
        "es",
        "hire",
        "Google contrató a Juan Pérez con un paquete salarial de 30 millones de dólares, informó el diario.",
    ),
    ("es", "deny", "Meta negó haber ofrecido 200 millones de dólares al investigador."),
    ("fr", "offer", "Meta a offert 100 millions de dollars à Jean Dupont, mais il a refusé."),
    ("fr", "report", "Selon des sources, OpenAI a proposé 50 millions de dollars au chercheur."),
    (
        "fr",
        "hire",
        "Google a recruté Jean Dupont avec une prime de 30 millions de dollars, rapporte le journal.",
    ),
    ("fr", "deny", "Meta a démenti avoir offert 200 millions de dollars au chercheur."),
    ("pt", "offer", "A Meta ofereceu 100 milhões de dólares a João Silva, mas ele recusou."),
    ("pt", "report", "Segundo fontes, a OpenAI ofereceu 50 milhões de dólares ao pesquisador."),
    (
        "pt",
        "hire",
        "O Google contratou João Silva com um pacote salarial de 30 milhões de dólares, revelou o jornal.",
    ),
    ("pt", "deny", "A Meta negou ter oferecido 200 milhões de dólares ao pesquisador."),
    ("ru", "offer", "Meta предложила Ивану Петрову 100 миллионов долларов, но он отказался."),
    ("ru", "report", "По данным источников, OpenAI предложила исследователю 50 млн долларов."),
    (
        "ru",
        "hire",
        "Google наняла Ивана Петрова, предложив бонус в 30 млн долларов, сообщает издание.",
    ),
    (
        "ru",
        "deny",
        "Meta опровергла сообщения о том, что предложила исследователю 200 млн долларов.",
    ),
    ("uk", "offer", "Meta запропонувала Івану Петренку 100 мільйонів доларів, але він відмовився."),
    ("uk", "report", "За даними джерел, OpenAI запропонувала досліднику 50 мільйонів доларів."),
    (
        "uk",
        "hire",
        "Google найняла Івана Петренка з бонусом 30 мільйонів доларів, повідомляє видання.",
    ),
    ("uk", "deny", "Meta спростувала, що запропонувала досліднику 200 мільйонів доларів."),
    ("nl", "offer", "Meta bood Jan de Vries 100 miljoen dollar, maar hij weigerde."),
    ("nl", "report", "Volgens bronnen heeft OpenAI de onderzoeker 50 miljoen dollar aangeboden."),
    (
        "nl",
        "hire",
        "Google heeft Jan de Vries in dienst genomen met een bonus van 30 miljoen dollar, meldt de krant.",
    ),
    ("nl", "deny", "Meta ontkent dat het bedrijf 200 miljoen dollar heeft aangeboden."),
    ("id", "offer", "Meta menawarkan Budi Santoso 100 juta dolar AS, tetapi ia menolak."),
    ("id", "report", "Menurut sumber, OpenAI menawarkan 50 juta dolar AS kepada peneliti itu."),
    (
        "id",
        "hire",
        "Google telah merekrut Budi Santoso dengan paket gaji 30 juta dolar AS, menurut laporan.",
    ),
    ("id", "deny", "Meta membantah telah menawarkan 200 juta dolar AS kepada peneliti itu."),
    ("vi", "offer", "Meta đã đề nghị Nguyễn Văn An 100 triệu USD nhưng anh từ chối."),
    ("vi", "report", "Theo nguồn tin, OpenAI đã đề nghị nhà nghiên cứu này 50 triệu USD."),
    (
        "vi",
        "hire",
        "Google đã tuyển dụng Nguyễn Văn An với gói lương 30 triệu USD, báo chí đưa tin.",
    ),
    ("vi", "deny", "Meta bác bỏ thông tin đã đề nghị 200 triệu USD cho nhà nghiên cứu."),
    ("hi", "offer", "मेटा ने राहुल शर्मा को 100 मिलियन डॉलर की पेशकश की, लेकिन उन्होंने इनकार कर दिया।"),
    ("hi", "report", "रिपोर्ट्स के मुताबिक, OpenAI ने शोधकर्ता को 50 मिलियन डॉलर का ऑफर दिया।"),
    ("hi", "hire", "Google ने राहुल शर्मा को 30 मिलियन डॉलर के सैलरी पैकेज पर नियुक्त किया, सूत्रों ने बताया।"),
    ("hi", "deny", "Meta ने 200 मिलियन डॉलर की पेशकश की खबरों का खंडन किया।"),
    ("ar", "offer", "عرضت Meta على أحمد علي 100 مليون دولار، لكنه رفض العرض."),
    ("ar", "report", "وفقًا لتقارير، عرضت OpenAI على الباحث 50 مليون دولار."),
    ("ar", "hire", "وظفت Google أحمد علي بحزمة تعويضات قيمتها 30 مليون دولار، بحسب تقارير."),
    ("ar", "deny", "نفت Meta أنها عرضت 200 مليون دولار على الباحث."),
    ("zh", "offer", "Meta向张伟开出1亿美元的薪酬，但他拒绝了。"),
    ("zh", "report", "据知情人士透露，OpenAI向这位研究员开出5000万美元。"),
    ("zh", "hire", "据报道，谷歌以3000万美元的薪酬包聘请了张伟。"),
    ("zh", "deny", "Meta否认曾向该研究员开出2亿美元的报价。"),
    ("ja", "offer", "Metaは山田太郎氏に1億ドルを提示したが、同氏は断った。"),
    ("ja", "report", "関係者によると、OpenAIは研究者に5000万ドルを提示したという。"),
    ("ja", "hire", "報道によると、Googleは3000万ドルの報酬パッケージで山田太郎氏を採用した。"),
    ("ja", "deny", "Metaは研究者に2億ドルを提示したとの報道を否定した。"),
    ("ko", "offer", "메타는 김민수에게 1억 달러를 제안했지만 그는 거절했다."),
    ("ko", "report", "소식통에 따르면 OpenAI는 연구원에게 5000만 달러를 제안했다."),
    ("ko", "hire", "보도에 따르면 구글은 3000만 달러의 보상 패키지로 김민수를 영입했다."),
    ("ko", "deny", "메타는 연구원에게 2억 달러를 제안했다는 보도를 부인했다."),
]

# (offerer, amount in USD, outcome, stance) by kind; None: not asserted
EXPECTED: dict[str, tuple[str, float, str | None, str | None]] = {
    "offer": ("Meta", 100 * M, "rejected", "asserted"),
    "report": ("OpenAI", 50 * M, "unknown", "reported"),
    "hire": ("Google", 30 * M, "accepted", None),
    "deny": ("Meta", 200 * M, None, "denied"),
}

# Funding rounds and valuations with figures: no claim.
LOOK_ALIKES: list[tuple[str, str]] = [
    ("en", "OpenAI raised $6 billion in a funding round that valued it at $150 billion."),
    (
        "no",
        "OpenAI hentet inn 6 milliarder dollar i en ny finansieringsrunde, verdsatt til 150 milliarder dollar.",
    ),
    (
        "da",
        "OpenAI rejste 6 milliarder dollar i en finansieringsrunde, der værdiansætter selskabet til 150 milliarder dollar.",
    ),
    (
        "sv",
        "OpenAI tog in 6 miljarder dollar i en finansieringsrunda som värderar bolaget till 150 miljarder dollar.",
    ),
    (
        "cs",
        "OpenAI získala 6 miliard dolarů v kole financování, které ji ocenilo na 150 miliard dolarů.",
    ),
    ("pl", "OpenAI pozyskała 6 mld dolarów w rundzie finansowania przy wycenie 150 mld dolarów."),
    (
        "de",
        "OpenAI sammelte in einer Finanzierungsrunde 6 Milliarden Dollar ein, bei einer Bewertung von 150 Milliarden Dollar.",
    ),
    (
        "it",
        "OpenAI ha raccolto 6 miliardi di dollari in un round di finanziamento con una valutazione di 150 miliardi di dollari.",
    ),
    ("tr", "OpenAI, 150 milyar dolar değerleme ile 6 milyar dolarlık yatırım turu tamamladı."),
    (
        "ro",
        "OpenAI a atras 6 miliarde de dolari într-o rundă de finanțare, la o evaluare de 150 de miliarde de dolari.",
    ),
    (
        "hu",
        "Az OpenAI 6 milliárd dollárt gyűjtött egy finanszírozási fordulóban, 150 milliárd dolláros értékelés mellett.",
    ),
    (
        "fi",
        "OpenAI keräsi 6 miljardia dollaria rahoituskierroksella, joka arvostaa yhtiön 150 miljardiin dollariin.",
    ),
    (
        "el",
        "Η OpenAI άντλησε 6 δισ. δολάρια σε γύρο χρηματοδότησης, με αποτίμηση 150 δισ. δολαρίων.",
    ),
    ("he", "OpenAI השלימה סבב גיוס של 6 מיליארד דולר לפי שווי של 150 מיליארד דולר."),
    ("fa", "OpenAI در یک دور تامین مالی ۶ میلیارد دلار با ارزش‌گذاری ۱۵۰ میلیارد دلار جذب کرد."),
    (
        "es",
        "OpenAI recaudó 6.000 millones de dólares en una ronda de financiación con una valoración de 150.000 millones.",
    ),
    (
        "fr",
        "OpenAI a levé 6 milliards de dollars lors d'un tour de table, pour une valorisation de 150 milliards de dollars.",
    ),
    (
        "pt",
        "A OpenAI captou 6 bilhões de dólares em uma rodada de financiamento com avaliação de 150 bilhões de dólares.",
    ),
    (
        "ru",
        "OpenAI привлекла 6 млрд долларов в раунде финансирования при оценке в 150 млрд долларов.",
    ),
    (
        "uk",
        "OpenAI залучила 6 мільярдів доларів у раунді фінансування з оцінкою 150 мільярдів доларів.",
    ),
    (
        "nl",
        "OpenAI haalde 6 miljard dollar op in een financieringsronde met een waardering van 150 miljard dollar.",
    ),
    ("id", "OpenAI menghimpun pendanaan 6 miliar dolar AS dengan valuasi 150 miliar dolar AS."),
    ("vi", "OpenAI đã gọi vốn 6 tỷ USD trong vòng gọi vốn mới, với mức định giá 150 tỷ USD."),
    ("hi", "OpenAI ने 150 अरब डॉलर के मूल्यांकन पर फंडिंग में 6 अरब डॉलर जुटाए।"),
    ("ar", "جمعت OpenAI ستة مليارات دولار في جولة تمويل بتقييم 150 مليار دولار."),
    ("zh", "OpenAI完成60亿美元融资，估值达1500亿美元。"),
    ("ja", "OpenAIは評価額1500億ドルで60億ドルの資金調達を完了した。"),
    ("ko", "OpenAI는 기업가치 1500억 달러로 60억 달러의 투자 유치를 마쳤다."),
]


@pytest.mark.parametrize(("language", "kind", "text"), CLAIMS)
def test_claim(language: str, kind: str, text: str) -> None:
    offerer, usd, outcome, stance = EXPECTED[kind]
    found = find_claims(text, language)
    assert len(found) == 1, found
    claim = found[0]
    assert claim.offerer == offerer
    assert claim.amount_usd == pytest.approx(usd)
    if outcome is not None:
        assert claim.outcome == outcome
    if stance is not None:
        assert claim.stance == stance
    else:
        assert claim.stance in ("asserted", "reported")


@pytest.mark.parametrize(("language", "text"), LOOK_ALIKES)
def test_look_alike(language: str, text: str) -> None:
    assert find_claims(text, language) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Meta tilbød forskeren 100 millioner dollar, men han takket nei etter det avisen erfarer.",
            "no",
        ),
        ("Meta tilbød forskeren 100 millioner dollar, men han takkede nej efter sigende.", "da"),
        ("Meta erbjöd forskaren 100 miljoner dollar och han tackade nej.", "sv"),
        ("Meta nabídla výzkumníkovi 100 milionů dolarů, ale ten nabídku odmítl.", "cs"),
        ("Meta a oferit cercetătorului 100 de milioane de dolari, dar acesta a refuzat.", "ro"),
        ("A Meta 100 millió dollárt ajánlott a kutatónak, de ő elutasította az ajánlatot.", "hu"),
        (
            "Meta tarjosi tutkijalle 100 miljoonaa dollaria, mutta hän kieltäytyi tarjouksesta.",
            "fi",
        ),
        ("Η Meta πρόσφερε στον ερευνητή 100 εκατομμύρια δολάρια.", "el"),
        ("Meta הציעה לחוקר 100 מיליון דולר.", "he"),
        ("Meta به این پژوهشگر ۱۰۰ میلیون دلار پیشنهاد داد.", "fa"),
        ("Meta, araştırmacıya 100 milyon dolar teklif etti ancak teklif reddedildi.", "tr"),
    ],
)
def test_guess_language(text: str, language: str) -> None:
    assert guess_language(text) == language


def test_norwegian_codes_share_cues() -> None:
    text = "Meta tilbød forskeren 100 millioner dollar."
    for code in ("no", "nb", "nn"):
        assert [c.offerer for c in find_claims(text, code)] == ["Meta"]
    assert scan(text, "nb").has("offer")


def test_hebrew_prefixes_glued_to_cues() -> None:
    # "and she offered" (ו), "that she offered" (ש), "to offer" (ל): the cue is inside the word.
    for word in ("והציעה", "שהציעה", "להציע"):
        assert scan(f"Meta {word} לחוקר 100 מיליון דולר", "he").has("offer")


def test_persian_is_not_read_with_arabic_only_cues() -> None:
    # Persian "ضمن" (while) and "عرضه" (supply, listing) contain Arabic cue words.
    hits = scan("ضمن عرضه اولیه سهام، OpenAI ۱۰ میلیارد دلار جذب سرمایه کرد.", "fa")
    assert not hits.has("offer", "hire")


def test_verb_final_denial_names_the_offer() -> None:
    # The offer clause before the denial is what is denied, not a claim of its own.
    for text, language in [
        ("Metaは研究者に2億ドルを提示したとの報道を否定した。", "ja"),
        ("메타는 연구원에게 2억 달러를 제안했다는 보도를 부인했다.", "ko"),
        ("Meta, araştırmacıya 200 milyon dolar teklif ettiği iddialarını yalanladı.", "tr"),
    ]:
        assert [c.stance for c in find_claims(text, language)] == ["denied"]


@pytest.mark.parametrize(
    ("text", "language", "usd", "currency"),
    [
        ("100 millioner dollar", "no", 100 * M, "USD"),
        ("100–300 millioner dollar", "no", 300 * M, "USD"),
        ("300 millioner kroner", "da", 300 * M * 0.1578, "DKK"),
        ("1,5 miljarder dollar", "sv", 1500 * M, "USD"),
        ("2,5 mld. dolarů", "cs", 2500 * M, "USD"),
        ("100 milionů dolarů", "cs", 100 * M, "USD"),
        ("100 de milioane de dolari", "ro", 100 * M, "USD"),
        ("2 miliarde de dolari", "ro", 2000 * M, "USD"),
        ("100 millió dollárt", "hu", 100 * M, "USD"),
        ("egy milliárd dollárt", "hu", 1000 * M, "USD"),
        ("100 miljoonaa dollaria", "fi", 100 * M, "USD"),
        ("miljardin dollarin tarjous", "fi", 1000 * M, "USD"),
        ("100 εκατομμύρια δολάρια", "el", 100 * M, "USD"),
        ("50 εκατ. δολάρια", "el", 50 * M, "USD"),
        ("1,5 δισ. δολάρια", "el", 1500 * M, "USD"),
        ("100 מיליון דולר", "he", 100 * M, "USD"),
        ("הצעה של מיליארד דולר", "he", 1000 * M, "USD"),
        ("۱۰۰ میلیون دلار", "fa", 100 * M, "USD"),
        ("۱٫۵ میلیارد دلار", "fa", 1500 * M, "USD"),
        ("یک میلیارد دلار", "fa", 1000 * M, "USD"),
        ("١٠٠ مليون دولار", "ar", 100 * M, "USD"),
        ("50 milyon dolarlık teklif", "tr", 50 * M, "USD"),
        ("100 juta dolar AS", "id", 100 * M, "USD"),
        ("100 triệu USD", "vi", 100 * M, "USD"),
        ("100 मिलियन डॉलर", "hi", 100 * M, "USD"),
    ],
)
def test_money(text: str, language: str, usd: float, currency: str) -> None:
    found = [m for m in parse_money(text, language) if m.conversion_of is None]
    assert len(found) == 1, found
    assert found[0].value_usd == pytest.approx(usd)
    assert found[0].currency == currency
