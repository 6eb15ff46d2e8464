"""What simulated buyers write: a text per contact reason and language,
composed from an opening, the request (several ways of putting it), a detail
and a closing, with the order number, product and days filled in. Intake
classifies these texts for real, so some are misread, as real ones are.

The phrasings were written for the simulator (they are not the classifier's
development or held-out sentences); ``tests/csba/simulation/test_texts.py``
measures how often intake reads them right.
"""

from __future__ import annotations

import random

OPENINGS = {
    "en": ["", "", "Hello,", "Hi,", "Hi there,", "Good morning,", "Dear customer service,"],
    "de": ["", "", "Hallo,", "Guten Tag,", "Sehr geehrte Damen und Herren,", "Hallo zusammen,"],
    "ja": ["", "", "お世話になっております。", "こんにちは。", "すみません、"],
}
CLOSINGS = {
    "en": ["", "", "Thanks.", "Thank you!", "Thanks in advance.", "Regards", "Please help."],
    "de": ["", "", "Danke.", "Vielen Dank!", "Mit freundlichen Grüßen", "Danke im Voraus."],
    "ja": ["", "", "よろしくお願いします。", "ご確認お願いします。", "対応をお願いいたします。"],
}
AGAIN = {
    "en": ["I already contacted you about this.", "This is my second message about this.", "I wrote before."],
    "de": ["Ich habe mich deswegen schon gemeldet.", "Das ist schon meine zweite Nachricht dazu."],
    "ja": ["以前も問い合わせました。", "先日も連絡しましたが、"],
}
ORDER = {"en": "order {number}", "de": "Bestellung {number}", "ja": "注文番号{number}"}
MY_ORDER = {"en": "my order", "de": "meine Bestellung", "ja": "注文した商品"}

# reason: language: requests ({order}: the order, {product}: the product's name, {days}: a number)
REQUESTS: dict[str, dict[str, list[str]]] = {
    "where_is_my_order": {
        "en": [
            "Where is {order}? It still has not arrived.",
            "I ordered the {product} {days} days ago and it hasn't been delivered yet.",
            "The tracking for {order} has not changed in days. When will it arrive?",
            "My package was supposed to arrive by now. Can you check where it is?",
            "Still waiting for {order}, any update on the delivery?",
        ],
        "de": [
            "Wo bleibt {order}? Sie ist immer noch nicht angekommen.",
            "Ich habe den Artikel vor {days} Tagen bestellt und noch nichts erhalten.",
            "Die Sendungsverfolgung zu {order} zeigt seit Tagen nichts Neues. Wann kommt das Paket?",
            "Mein Paket hätte schon längst da sein sollen. Können Sie nachsehen, wo es ist?",
        ],
        "ja": [
            "{order}の商品がまだ届きません。",
            "{days}日前に注文しましたが、まだ届いていません。いつ届きますか？",
            "追跡番号を確認しても配送状況が更新されません。荷物はどこにありますか？",
            "お届け予定日を過ぎても届きません。",
        ],
    },
    "cancel_order": {
        "en": [
            "Please cancel {order}, I clicked buy by mistake.",
            "I would like to cancel my order for the {product}.",
            "Can you cancel {order} before it ships? I don't need it anymore.",
        ],
        "de": [
            "Bitte stornieren Sie {order}, ich habe versehentlich bestellt.",
            "Ich möchte meine Bestellung stornieren.",
            "Können Sie {order} noch stornieren, bevor sie verschickt wird?",
        ],
        "ja": [
            "{order}のキャンセルをお願いします。",
            "間違えて注文したのでキャンセルをお願いします。",
            "発送前であれば注文を取り消してください。",
        ],
    },
    "change_order": {
        "en": [
            "I need to change the delivery address on {order}.",
            "Can I change the colour of the {product} before it ships?",
            "There is a typo in my shipping address, the apartment number is missing.",
        ],
        "de": [
            "Ich muss die Lieferadresse von {order} ändern.",
            "Kann ich die Farbe noch ändern, bevor es verschickt wird?",
            "In meiner Adresse fehlt die Hausnummer, bitte korrigieren.",
        ],
        "ja": [
            "{order}のお届け先住所を変更したいです。",
            "発送前に色を変更することはできますか？",
            "住所に部屋番号が抜けていたので修正をお願いします。",
        ],
    },
    "return_request": {
        "en": [
            "I would like to return the {product}, it doesn't fit.",
            "How do I send back {order}? I changed my mind.",
            "The {product} is too small. Can I return it?",
            "I want to return this item, please send me a return label.",
        ],
        "de": [
            "Ich möchte den Artikel zurückschicken, er passt nicht.",
            "Wie kann ich {order} zurücksenden? Es gefällt mir nicht.",
            "Der Artikel ist zu klein. Kann ich ihn umtauschen?",
        ],
        "ja": [
            "サイズが合わないので返品したいです。",
            "{order}を返品する方法を教えてください。",
            "イメージと違ったので返品をお願いします。",
        ],
    },
    "refund": {
        "en": [
            "I sent the {product} back {days} days ago and still have no refund.",
            "When will I get my money back for {order}?",
            "Please refund {order}, I returned it last week.",
        ],
        "de": [
            "Ich habe den Artikel vor {days} Tagen zurückgeschickt und noch keine Erstattung bekommen.",
            "Wann bekomme ich mein Geld für {order} zurück?",
            "Bitte erstatten Sie mir den Betrag, die Rücksendung ist angekommen.",
        ],
        "ja": [
            "商品を返送しましたが、まだ返金されていません。",
            "{order}の返金はいつになりますか？",
            "返品したので返金をお願いします。",
        ],
    },
    "damaged_or_defective": {
        "en": [
            "The {product} arrived broken.",
            "The {product} stopped working after {days} days.",
            "{order} came damaged, the box was crushed and the item is cracked.",
            "The {product} I received is defective, it does not turn on.",
        ],
        "de": [
            "Der Artikel ist kaputt angekommen.",
            "Das Gerät funktioniert nach {days} Tagen nicht mehr.",
            "{order} kam beschädigt an, es hat einen Riss.",
            "Der Artikel ist defekt, er lässt sich nicht einschalten.",
        ],
        "ja": [
            "届いた商品が壊れていました。",
            "{days}日使っただけで動かなくなりました。",
            "商品に傷がありました。",
            "初期不良のようで電源が入りません。",
        ],
    },
    "wrong_or_missing_item": {
        "en": [
            "I received the wrong item in {order}.",
            "The package was missing one of the items I ordered.",
            "You sent me the wrong colour, I ordered blue and got a red one.",
            "Part of {order} is missing from the box.",
        ],
        "de": [
            "Ich habe den falschen Artikel erhalten.",
            "Im Paket fehlt ein Teil meiner Bestellung.",
            "Sie haben mir eine andere Farbe geschickt als bestellt.",
        ],
        "ja": [
            "注文と違う商品が届きました。",
            "注文した商品が一つ入っていませんでした。",
            "届いた商品の色が違います。",
        ],
    },
    "payment": {
        "en": [
            "My card shows two charges for {order}.",
            "My card was charged but the order shows as unpaid.",
            "Why was I charged a different amount than the price shown?",
        ],
        "de": [
            "Mir wurde {order} doppelt abgebucht.",
            "Meine Karte wurde belastet, aber die Zahlung wird nicht angezeigt.",
            "Warum wurde ein anderer Betrag abgebucht als angezeigt?",
        ],
        "ja": [
            "{order}の代金が二重に請求されています。",
            "カードで支払ったのに未払いになっています。",
            "表示価格と違う金額が引き落とされました。",
        ],
    },
    "feedback_complaint": {
        "en": [
            "I want to make a complaint about how this order was handled.",
            "I want to complain about the seller, the service was terrible.",
            "This was a bad experience and I want to leave a complaint.",
        ],
        "de": [
            "Ich bin sehr unzufrieden mit der Abwicklung dieser Bestellung.",
            "Ich möchte mich über den Verkäufer beschweren.",
            "Das war eine schlechte Erfahrung, ich möchte eine Beschwerde einreichen.",
        ],
        "ja": [
            "対応にとても不満があります。",
            "出品者の対応について苦情を申し上げたいです。",
            "今回の対応は最悪でした。",
        ],
    },
    "invoice": {
        "en": [
            "Can you send me an invoice for {order}?",
            "I need a VAT invoice for my purchase.",
            "Please send an invoice with my company name.",
        ],
        "de": [
            "Können Sie mir eine Rechnung für {order} schicken?",
            "Ich brauche eine Rechnung mit ausgewiesener Mehrwertsteuer.",
            "Bitte senden Sie mir die Rechnung auf meine Firma.",
        ],
        "ja": ["{order}の領収書を発行してください。", "請求書を送っていただけますか？", "会社名で領収書が必要です。"],
    },
    "customization": {
        "en": [
            "Can you engrave a name on the {product} I ordered?",
            "I would like a custom text printed on it.",
            "Is it possible to personalise {order} with initials?",
        ],
        "de": [
            "Können Sie einen Namen auf den Artikel gravieren?",
            "Ich hätte gerne einen eigenen Text aufgedruckt.",
            "Kann ich {order} mit Initialen personalisieren lassen?",
        ],
        "ja": [
            "注文した商品に名入れはできますか？",
            "刻印をお願いしたいです。",
            "オリジナルの文字を入れてもらえますか？",
        ],
    },
    "pre_order": {
        "en": [
            "Before I buy the {product}, do you ship to Alaska?",
            "Is the {product} in stock? I want to order two.",
            "Do you accept PayPal if I order the {product}?",
        ],
        "de": [
            "Bevor ich bestelle: liefern Sie auch nach Österreich?",
            "Ist der Artikel auf Lager? Ich möchte zwei bestellen.",
            "Kann ich auf Rechnung bezahlen, wenn ich bestelle?",
        ],
        "ja": [
            "購入前の質問です。在庫はありますか？",
            "注文する前に、沖縄への配送は可能か教えてください。",
            "まだ購入していませんが、代引きは使えますか？",
        ],
    },
    "account": {
        "en": [
            "I can't log in to my account.",
            "I forgot my password and the reset email never comes.",
            "How do I change the email address of my account?",
        ],
        "de": [
            "Ich kann mich nicht in mein Konto einloggen.",
            "Ich habe mein Passwort vergessen.",
            "Wie ändere ich die E-Mail-Adresse meines Kontos?",
        ],
        "ja": [
            "アカウントにログインできません。",
            "パスワードを忘れてしまいました。",
            "アカウントのメールアドレスを変更したいです。",
        ],
    },
    "other": {
        "en": [
            "I have a question that is not about a specific problem.",
            "Just wanted to say something about my purchase.",
            "I have a general question.",
        ],
        "de": ["Ich habe eine allgemeine Frage.", "Ich wollte nur etwas zu meinem Kauf anmerken."],
        "ja": ["一般的な質問があります。", "購入について少しお聞きしたいことがあります。"],
    },
    "a_to_z_claim": {
        "en": [
            "I am filing an A-to-z Guarantee claim for {order}: the seller did not solve my problem.",
            "A-to-z claim: I never received {order} and got no help.",
        ],
        "de": ["Ich stelle einen A-bis-z-Garantieantrag für {order}: der Verkäufer hat nicht geholfen."],
        "ja": ["{order}についてAmazonマーケットプレイス保証を申請します。出品者から対応がありません。"],
    },
}
DETAILS = {
    "en": ["", "", "", "I need it for a birthday next week.", "It is quite urgent."],
    "de": ["", "", "", "Ich brauche es dringend.", "Es ist leider eilig."],
    "ja": ["", "", "", "急いでいます。", "来週使う予定です。"],
}
ENGLISH_ASIDE = "Sorry for my bad grammar."
# A buyer who already has the product says so before asking.
ABOUT_PRODUCT = {
    "en": [
        "I bought the {product} last week. ",
        "I just received the {product}. ",
        "Question about the {product} I ordered: ",
        "I have the {product} from my order. ",
    ],
    "de": [
        "Ich habe den Artikel letzte Woche gekauft. ",
        "Ich habe meine Bestellung erhalten. ",
        "Frage zu meinem gekauften Artikel: ",
    ],
    "ja": ["先日購入した商品について質問です。", "届いた商品について教えてください。", "購入済みの商品ですが、"],
}


def _pick(rng: random.Random, options: list[str]) -> str:
    return options[rng.randrange(len(options))]


def contact_text(
    rng: random.Random,
    *,
    reason: str,
    language: str,
    order_number: str | None,
    product: str,
    question: str | None = None,
    again: bool = False,
    quote_order: bool = False,
    mixed_language: bool = False,
) -> str:
    """The text a buyer writes. ``question`` is the product question itself
    (a product question's request); ``again`` a second contact about the same
    thing; ``quote_order`` puts the order number in the text."""
    order = ORDER[language].format(number=order_number) if (order_number and quote_order) else MY_ORDER[language]
    if reason == "product_question":
        request = question or ""
        if rng.random() < 0.85:
            request = _pick(rng, ABOUT_PRODUCT[language]).format(product=product) + request
        if quote_order and order_number:
            request = {"en": f"About {order}: ", "de": f"Zu {order}: ", "ja": f"{order}について："}[language] + request
    else:
        request = _pick(rng, REQUESTS[reason][language]).format(order=order, product=product, days=rng.randint(3, 12))
    parts = [_pick(rng, OPENINGS[language])]
    if again:
        parts.append(_pick(rng, AGAIN[language]))
    parts += [request, _pick(rng, DETAILS[language]), _pick(rng, CLOSINGS[language])]
    if mixed_language and language != "en":
        parts.append(ENGLISH_ASIDE)
    joiner = "" if language == "ja" else " "
    text = joiner.join(part for part in parts if part).strip()
    return text[0].upper() + text[1:] if language != "ja" else text
