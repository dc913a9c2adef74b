"""Cue words of disclaimers, by class and language: facts of each language, not sentences.

A notice is recognised by which classes of cue it holds (notices.py), so a disclaimer
reworded by its site still matches as long as it speaks of third parties, disclaims or
points to its terms. Add a language by adding its words to each class.
"""

from __future__ import annotations

from collections.abc import Mapping

# The text speaks of itself: "this page", "cet article", "本文".
SELF: Mapping[str, tuple[str, ...]] = {
    "en": (
        r"th(?:is|ese) (?:page|article|post|content|contents|information|material|publication)s?",
    ),
    "fr": (
        r"(?:cette|ces) (?:page|publication|information)s?",
        r"(?:cet|ce|ces) (?:article|contenu|post)s?",
    ),
    "es": (r"est[ae]s? (?:página|artículo|contenido|publicación|información|publicaciones)s?",),
    "pt": (r"est[ae]s? (?:página|artigo|conteúdo|publicação|informação|informações)s?",),
    "de": (r"dies(?:e|er|es) (?:seite|artikel|beitrag|inhalte?|informationen|text)",),
    "it": (r"quest[aoi] (?:pagina|articolo|contenut[oi]|informazioni)",),
    "ru": (r"(?:эт|данн)\w* (?:страниц|стать|материал|публикац|контент|информац)\w*",),
    "uk": (r"(?:ц[яеі]|цей|даний|дана) (?:сторінк|статт|матеріал|публікац|контент)\w*",),
    "tr": (r"bu (?:sayfa|makale|içerik|yazı|haber|gönderi)\w*",),
    "vi": (r"(?:trang|bài viết|bài|nội dung|thông tin) này",),
    "id": (r"(?:halaman|artikel|konten|informasi) ini",),
    "ar": (r"هذه الصفحة|هذا المقال|هذا المحتوى",),
    "zh": (r"本页面?|本頁面?|本文|本篇|本帖|本内容|本內容|以上内容|以上內容|上述内容|上述內容",),
    "ja": (r"(?:この|本|当)(?:ページ|記事|コンテンツ|投稿)",),
    "ko": (r"(?:이|본) (?:페이지|기사|글|콘텐츠|게시물)|본(?:기사|글)",),
    "nl": (r"deze (?:pagina|inhoud|post)|dit (?:artikel|bericht)",),
    "pl": (r"(?:ta|ten|te) (?:strona|artykuł|treść|treści|wpis)",),
    "th": (r"หน้านี้|บทความนี้|เนื้อหานี้",),
}

# The content is not the platform's own: third parties, reposts, sponsors, the author's views.
SOURCE: Mapping[str, tuple[str, ...]] = {
    "en": (
        r"third-part(?:y|ies)|third part(?:y|ies)",
        r"reposted|republished|reprinted",
        r"user-generated|user generated",
        r"sponsored",
    ),
    # "un tiers des investisseurs" is a fraction: only "de/des/par des tiers" counts.
    "fr": (
        r"de tiers|des tiers|par des tiers|provenant de tiers",
        r"tierces? parties?",
        r"repris\w*",
        r"republié\w*",
        r"sponsorisé\w*",
    ),
    "es": (r"terceros", r"republicad\w+", r"reproducid\w+", r"patrocinad\w+"),
    "pt": (r"terceiros", r"republicad\w+", r"reproduzid\w+", r"patrocinad\w+"),
    "de": (
        r"inhalte? (?:von )?dritte[rn]?|beiträge? (?:von )?dritte[rn]?|meinungen? (?:von )?dritte[rn]?",
        r"von dritten",
        r"drittanbieter\w*",
        r"drittinhalte?",
    ),
    "it": (r"terze parti", r"terzi", r"ripubblicat\w+", r"sponsorizzat\w+"),
    "ru": (r"третьих (?:лиц|сторон)", r"сторонн\w+", r"перепечат\w+"),
    "uk": (r"третіх (?:осіб|сторін)", r"сторонні\w*"),
    "tr": (r"üçüncü taraf\w*", r"sponsorlu"),
    "vi": (r"bên thứ ba", r"đăng lại", r"tài trợ"),
    "id": (r"pihak ketiga", r"bersponsor"),
    "ar": (r"أطراف ثالثة|جهات خارجية|طرف ثالث",),
    "zh": (r"第三方|转载|轉載|转自|轉自|投稿|赞助|贊助",),
    "ja": (r"第三者|転載|スポンサー",),
    "ko": (r"제3자|제 3자|전재|스폰서",),
    "nl": (r"derden", r"derde partij\w*", r"gesponsord\w*"),
    "pl": (r"stron trzecich|podmiotów trzecich|osób trzecich", r"sponsorowan\w+"),
    "th": (r"บุคคลที่สาม",),
}

# A negated guarantee, endorsement or liability: "does not endorse", "ne garantit ni".
DISCLAIM: Mapping[str, tuple[str, ...]] = {
    "en": (
        r"(?:not|no|nor|neither|without)\b[^.;\n]{0,40}?\b(?:endors|guarant|warrant|represent|reflect|responsib|liab)\w*",
    ),
    "fr": (
        r"n(?:e\b|['’])[^.;\n]{0,30}?\b(?:garanti|endoss|approuv|refl[eè]t|assum|engag|responsab)\w*",
        r"(?:aucune|sans) (?:garantie|responsabilité)",
    ),
    "es": (
        r"no\b[^.;\n]{0,30}?\b(?:garantiz|respald|reflej|asum|responsab|aval)\w*",
        r"(?:ninguna|sin) (?:garantía|responsabilidad)",
    ),
    "pt": (
        r"não\b[^.;\n]{0,30}?\b(?:garant|endoss|reflet|assum|respons|apoi)\w*",
        r"(?:nenhuma|sem) (?:garantia|responsabilidade)",
    ),
    "de": (
        r"keine (?:gewähr|garantie|haftung|verantwortung)",
        r"ohne gewähr",
        r"nicht[^.;\n]{0,30}?\b(?:gebilligt|garantiert|verantwortlich|haftbar)",
    ),
    "it": (
        r"non\b[^.;\n]{0,30}?\b(?:garantisc|approv|avall|riflett|respons)\w*",
        r"nessuna (?:garanzia|responsabilità)",
    ),
    "ru": (r"не\b[^.;\n]{0,30}?\b(?:гарантир|нес[её]т|одобря|отража|поддержива|отвеча)\w*",),
    "uk": (r"не\b[^.;\n]{0,30}?\b(?:гарантує|несе|схвалює|відображає)\w*",),
    # Turkish negates with a verb suffix: "garanti etmez", "yansıtmaz".
    "tr": (r"\w*(?:etmez|vermez|yansıtmaz|onaylamaz|taşımaz)", r"sorumlu (?:tutulamaz|değildir)"),
    "vi": (
        r"không\b[^.;\n]{0,30}?\b(?:đảm bảo|bảo đảm|chịu trách nhiệm|chứng thực|phản ánh|tán thành|xác nhận)",
    ),
    "id": (r"tidak\b[^.;\n]{0,30}?\b(?:menjamin|bertanggung jawab|mendukung|mencerminkan)",),
    "ar": (r"لا (?:تضمن|يضمن|تتحمل|يتحمل|تؤيد|يعكس)",),
    "zh": (
        r"不保证|不保證|不担保|不擔保|不代表|不认可|不認可|不承担|不承擔|概不负责|概不負責|非陈述|非陳述|不应被视为|不應被視為",
    ),
    "ja": (r"(?:保証|責任を負|支持|推奨|反映|代表)[^。\n]{0,12}(?:ません|ない|せず)",),
    "ko": (r"(?:보장|보증|책임|지지|대변|반영)[^.\n]{0,12}(?:않|없)",),
    "nl": (
        r"niet\b[^.;\n]{0,30}?\b(?:garand|onderschrij|verantwoordelijk|aansprakelijk)\w*",
        r"geen (?:garantie|aansprakelijkheid)",
    ),
    "pl": (r"nie\b[^.;\n]{0,30}?\b(?:gwarant|ponosi|popiera|odzwierciedla)\w*",),
    "th": (r"ไม่(?:รับประกัน|รับรอง|รับผิดชอบ)",),
}

# Advice a notice says it does not give. Only counted with a negation (ADVICE_NEGATION),
# since an article may well report that something "was investment advice".
ADVICE_NOUN: Mapping[str, tuple[str, ...]] = {
    "en": (r"(?:financial|investment|professional|legal|tax|trading) advice", r"recommendations?"),
    "fr": (
        r"conseils? (?:financiers?|en investissement|d['’]investissement|professionnels?|juridiques?)",
        r"recommandations? (?:d['’]investissement|financières?)",
    ),
    "es": (r"(?:asesoramiento|consejo|recomendación) (?:financier[oa]|de inversión|profesional)",),
    "pt": (
        r"(?:aconselhamento|conselho|recomendação) (?:financeir[oa]|de investimento|profissional)",
    ),
    "de": (r"anlageberatung|finanzberatung|anlageempfehlung\w*",),
    "it": (r"(?:consulenza|consiglio|raccomandazione) (?:finanziari[oa]|d['’]investimento)",),
    "ru": (r"(?:инвестиционн|финансов)\w+ (?:рекомендац|совет|консультац)\w*",),
    "uk": (r"(?:інвестиційн|фінансов)\w+ (?:рекомендац|порад)\w*",),
    "tr": (r"yatırım (?:tavsiyesi|danışmanlığı)", r"finansal tavsiye\w*"),
    "vi": (r"(?:lời khuyên|tư vấn|khuyến nghị) (?:tài chính|đầu tư)",),
    "id": (r"(?:nasihat|saran) (?:keuangan|investasi)",),
    "ar": (r"نصيحة (?:مالية|استثمارية)",),
    "zh": (r"投资建议|投資建議|投资意见|投資意見|财务建议|財務建議|专业建议|專業建議",),
    "ja": (r"投資(?:助言|アドバイス|勧誘)|財務上の助言",),
    "ko": (r"투자 ?(?:조언|권유|자문|권고)|재정적 조언",),
    "nl": (r"financieel advies|beleggingsadvies|investeringsadvies",),
    "pl": (r"(?:porad|doradztw|rekomendacj)\w* (?:finansow|inwestycyjn)\w*",),
    "th": (r"คำแนะนำ(?:ทางการเงิน|ด้านการลงทุน|การลงทุน)",),
}

# Negations written before the thing negated ("no financial advice", "不构成投资建议")…
NEGATION_BEFORE: Mapping[str, tuple[str, ...]] = {
    "en": (r"not|no|nor|never|neither|without",),
    "fr": (r"ne|n['’]|pas|aucun\w*|ni|sans",),
    "es": (r"no|ni|ningún|ninguna|sin",),
    "pt": (r"não|nem|nenhum\w*|sem",),
    "de": (r"kein\w*|nicht",),
    "it": (r"non|né|nessun\w*|senza",),
    "ru": (r"не|ни|без",),
    "uk": (r"не|ні|без",),
    "vi": (r"không",),
    "id": (r"bukan|tidak",),
    "ar": (r"ليس|ليست|لا",),
    "zh": (r"不|非|并非|並非|无|無",),
    "nl": (r"niet|geen",),
    "pl": (r"nie|żadn\w*|bez",),
    "th": (r"ไม่ใช่|มิใช่|ไม่",),
}
# …and after it (Turkish, Japanese and Korean negate with the verb that ends the clause).
NEGATION_AFTER: Mapping[str, tuple[str, ...]] = {
    "tr": (r"değil\w*|vermez|sunmaz|içermez",),
    "ja": (r"ではありません|ではない|ません",),
    "ko": (r"아닙니다|아님|아니며|않",),
}

# "For information only": said of itself, never of what the article reports.
INFO_ONLY: Mapping[str, tuple[str, ...]] = {
    "en": (
        r"for (?:general )?(?:information(?:al)?|educational) purposes",
        r"provided (?:for|as) (?:general )?information",
        r"nfa|dyor|do your own research",
    ),
    "fr": (
        r"(?:à|a) (?:des )?fins? d['’]information",
        r"(?:à|a) titre (?:informatif|indicatif|d['’]information)",
    ),
    "es": (r"(?:fines|propósitos) (?:informativos|educativos)",),
    "pt": (r"fins (?:informativos|educativos)",),
    "de": (r"informationszwecken",),
    "it": (r"(?:scopo|fini) informativ[oi]",),
    "ru": (r"(?:информационных|ознакомительных) целях",),
    "uk": (r"інформаційних цілях",),
    "tr": (r"bilgilendirme amaçlı",),
    "vi": (r"mục đích (?:thông tin|tham khảo)",),
    "id": (r"tujuan informasi",),
    "ar": (r"لأغراض إعلامية",),
    "zh": (r"仅供参考|僅供參考",),
    "ja": (r"情報提供(?:のみ)?を目的",),
    "ko": (r"정보 제공 목적",),
    "nl": (r"informatieve doeleinden",),
    "pl": (r"celach informacyjnych",),
    "th": (r"เพื่อให้ข้อมูลเท่านั้น|เพื่อวัตถุประสงค์ในการให้ข้อมูล",),
}

# A pointer to the platform's terms or its full disclaimer.
TERMS: Mapping[str, tuple[str, ...]] = {
    "en": (
        r"t&cs?|terms (?:and|&) conditions|terms of (?:use|service)|see (?:the )?(?:full )?disclaimer",
    ),
    "fr": (
        r"conditions (?:générales|d['’]utilisation)|mentions légales",
        r"(?:voir|consultez) (?:la section )?(?:l['’])?avertissement",
    ),
    "es": (r"términos y condiciones|aviso legal",),
    "pt": (r"termos (?:e condições|de uso)|aviso legal",),
    "de": (r"nutzungsbedingungen|agb|siehe haftungsausschluss",),
    "it": (r"termini e condizioni",),
    "ru": (r"услови\w+ (?:использования|пользования)|пользовательск\w+ соглашени\w+",),
    "uk": (r"умови (?:використання|користування)",),
    "tr": (r"kullanım koşulları|şartlar ve koşullar",),
    "vi": (r"điều khoản (?:sử dụng|và điều kiện)",),
    "id": (r"syarat dan ketentuan",),
    "ar": (r"الشروط والأحكام",),
    "zh": (r"详见声明|詳見聲明|用户协议|用戶協議|服务条款|服務條款",),
    "ja": (r"利用規約",),
    "ko": (r"이용\s?약관",),
    "nl": (r"algemene voorwaarden|gebruiksvoorwaarden",),
    "pl": (r"regulamin\w*|warunki korzystania",),
    "th": (r"ข้อกำหนดและเงื่อนไข",),
}

# Reprint notices: copyright, infringement, removal on request.
RIGHTS: Mapping[str, tuple[str, ...]] = {
    "en": (r"copyright", r"infring\w*"),
    "fr": (
        r"droits? d['’]auteur",
        r"(?:violation|atteinte)s? (?:des|aux|de) droits?",
        r"suppression",
    ),
    "es": (r"derechos de autor", r"infracción"),
    "pt": (r"direitos autorais", r"violação"),
    "de": (r"urheberrecht\w*", r"rechteverletzung\w*"),
    "it": (r"diritt[oi] d['’]autore",),
    "ru": (r"авторск\w+ прав\w*", r"нарушени\w+ прав"),
    "uk": (r"авторськ\w+ прав\w*",),
    "tr": (r"telif hakk\w+",),
    "vi": (r"bản quyền",),
    "id": (r"hak cipta",),
    "ar": (r"حقوق النشر",),
    "zh": (r"侵权|侵權|版权|版權|删除|刪除",),
    "ja": (r"著作権|権利侵害|削除",),
    "ko": (r"저작권|침해|삭제",),
    "nl": (r"auteursrecht\w*",),
    "pl": (r"prawa? autorski\w*|praw autorskich",),
    "th": (r"ลิขสิทธิ์",),
}

# Words that open a notice as its label, before a colon ("Disclaimer:", "Déclaration :").
LABEL: Mapping[str, tuple[str, ...]] = {
    "en": (r"(?:legal |risk )?disclaimer|risk (?:warning|disclosure)|notice|statement",),
    "fr": (r"déclaration|avertissement|clause de non[- ]responsabilité|avis",),
    "es": (r"aviso(?: legal)?|descargo de responsabilidad|declaración",),
    "pt": (r"isenção de responsabilidade|aviso(?: legal)?|declaração",),
    "de": (r"haftungsausschluss|(?:risiko)?hinweis",),
    "it": (r"esclusione di responsabilità|avvertenza|dichiarazione",),
    "ru": (r"отказ от ответственности|дисклеймер|предупреждение",),
    "uk": (r"відмова від відповідальності|застереження",),
    "tr": (r"(?:yasal )?uyarı|sorumluluk reddi",),
    "vi": (r"tuyên bố(?: miễn trừ trách nhiệm)?|lưu ý",),
    "id": (r"penafian|catatan",),
    "ar": (r"إخلاء المسؤولية|تنويه",),
    "zh": (r"免责声明|免責聲明|特别声明|特別聲明|声明|聲明|风险提示|風險提示",),
    "ja": (r"免責事項|ディスクレーマー|注意事項",),
    "ko": (r"면책\s?(?:조항|공지|고지)|고지|안내",),
    "nl": (r"vrijwaring|mededeling",),
    "pl": (r"zastrzeżenie|wyłączenie odpowiedzialności",),
    "th": (r"ข้อจำกัดความรับผิดชอบ|คำเตือน",),
}

# Reported speech: a sentence with these is the article's reporting, not the site's notice.
REPORTING: Mapping[str, tuple[str, ...]] = {
    "en": (
        r"said|says|told|according to|stated|added|wrote|noted|warned|argued|explained",
        r"(?:remind|warn|argue|insist|claim|stress)s? that",
    ),
    "fr": (
        r"a (?:déclaré|dit|affirmé|indiqué|ajouté|expliqué|écrit|souligné)|selon|estime",
        r"(?:rappell|soulign|affirm|expliqu|indiqu|précis|assur|déclar|prévien)\w* qu(?:e|['’])",
    ),
    "es": (
        r"dijo|según|afirmó|declaró|señaló|explicó",
        r"(?:recuerd|advierte|afirm|explic|indic)\w* que",
    ),
    "pt": (
        r"disse|segundo|afirmou|declarou|explicou",
        r"(?:lembr|afirm|explic|indic|advert)\w* que",
    ),
    "de": (
        r"sagte|sagt|laut|erklärte|betonte|schrieb",
        r"(?:betonen|erklären|warnen|schreiben),? dass",
    ),
    "it": (r"ha (?:detto|dichiarato|spiegato)|secondo",),
    "ru": (r"заявил\w*|сказал\w*|по словам|сообщил\w*|отметил\w*",),
    "uk": (r"заявив|сказав|за словами|повідомив",),
    "tr": (r"dedi|açıkladı|belirtti",),
    "vi": (r"cho biết|phát biểu",),
    "id": (r"mengatakan|menurut|ujar",),
    "ar": (r"قال|وفقا|صرح",),
    "zh": (r"表示|指出|透露|据悉|據悉|报道称|報導稱",),
    "ja": (r"によると|と述べ|と話し|と語っ",),
    "ko": (r"말했다|밝혔다|따르면",),
    "nl": (r"zei|zegt|volgens|verklaarde",),
    "pl": (r"powiedział\w*|według|stwierdził\w*",),
    "th": (r"กล่าวว่า|ระบุว่า|ตามรายงาน",),
}
