"""Product detail pages for the demo marketplace, in English, German and Japanese.
Some pages are deliberately incomplete (no bullets or description), as real
sellers' pages are, so agents have to escalate some product questions."""

PRODUCTS = {
    "en": [
        (
            "Stainless Steel Water Bottle 750 ml",
            [
                "Keeps drinks cold for 24 hours and hot for 12 hours",
                "Leak-proof lid, dishwasher safe",
                "BPA-free, 18/8 food-grade stainless steel",
            ],
            "A double-walled vacuum insulated bottle. Fits most car cup holders. The powder coating is scratch resistant.",
            {
                "capacity": "750 ml",
                "material": "stainless steel",
                "color": "navy blue",
                "weight": {"value": 340, "unit": "g"},
            },
        ),
        (
            "Wireless Bluetooth Headphones",
            ["40 hours of battery life", "Active noise cancelling", "Bluetooth 5.3 with multipoint pairing"],
            "Over-ear headphones with memory foam cushions. USB-C fast charging: "
            "10 minutes give 5 hours of playback. Works with iPhone and Android.",
            {"battery_life": "40 hours", "connectivity": "Bluetooth 5.3", "color": "black", "warranty": "2 years"},
        ),
        (
            "Cotton Bath Towel Set (4 pieces)",
            ["100% Turkish cotton, 600 gsm", "Machine washable at 60 °C"],
            "Soft and absorbent towels. Two bath towels 70 x 140 cm and two hand towels 50 x 100 cm.",
            {"material": "cotton", "size": "70 x 140 cm", "pieces": 4, "color": "white"},
        ),
        ("Yoga Mat, 6 mm, Non-Slip", [], "", {"thickness": "6 mm", "material": "TPE", "length": "183 cm"}),
        (
            "LED Desk Lamp with USB Charging Port",
            ["5 colour temperatures and 7 brightness levels", "USB-A port charges your phone"],
            "Touch control, memory function, 45-minute auto-off timer. Power: 12 W.",
            {"power": "12 W", "color": "white", "adjustable": True, "voltage": "100-240 V"},
        ),
        (
            "Cast Iron Skillet 26 cm",
            ["Pre-seasoned, ready to use", "Works on induction, gas and in the oven"],
            "Heavy cast iron pan for searing and baking. Hand wash only; dry and oil after use.",
            {"diameter": "26 cm", "material": "cast iron", "oven_safe": "up to 260 °C", "induction": True},
        ),
    ],
    "de": [
        (
            "Edelstahl-Trinkflasche 750 ml",
            [
                "Hält Getränke 24 Stunden kalt und 12 Stunden heiß",
                "Auslaufsicherer Deckel, spülmaschinenfest",
                "BPA-frei, lebensmittelechter Edelstahl 18/8",
            ],
            "Doppelwandige, vakuumisolierte Flasche. Passt in die meisten Getränkehalter im Auto.",
            {
                "Fassungsvermögen": "750 ml",
                "Material": "Edelstahl",
                "Farbe": "Dunkelblau",
                "Gewicht": {"value": 340, "unit": "g"},
            },
        ),
        (
            "Kabellose Bluetooth-Kopfhörer",
            ["40 Stunden Akkulaufzeit", "Aktive Geräuschunterdrückung"],
            "Over-Ear-Kopfhörer mit Memory-Schaum-Polstern. Schnellladung über USB-C: 10 Minuten Laden für 5 Stunden Musik.",
            {"Akkulaufzeit": "40 Stunden", "Konnektivität": "Bluetooth 5.3", "Farbe": "Schwarz", "Garantie": "2 Jahre"},
        ),
        (
            "Gusseisenpfanne 26 cm",
            ["Vorgeölt und sofort einsatzbereit", "Für Induktion, Gas und Backofen geeignet"],
            "Schwere Gusseisenpfanne zum scharfen Anbraten. Nur Handwäsche; nach Gebrauch trocknen und einölen.",
            {"Durchmesser": "26 cm", "Material": "Gusseisen", "Backofenfest": "bis 260 °C", "Induktionsgeeignet": True},
        ),
        ("Schreibtischlampe mit USB-Ladeanschluss", [], "", {"Leistung": "12 W", "Farbe": "Weiß"}),
    ],
    "ja": [
        (
            "ステンレス製水筒 750ml",
            ["保冷24時間・保温12時間", "漏れにくいフタ、食洗機対応", "BPAフリー、18-8ステンレス"],
            "真空断熱の二重構造ボトルです。ほとんどの車のドリンクホルダーに入ります。",
            {"容量": "750ml", "素材": "ステンレス", "カラー": "ネイビー", "重量": {"value": 340, "unit": "g"}},
        ),
        (
            "ワイヤレス Bluetooth ヘッドホン",
            ["連続再生40時間", "アクティブノイズキャンセリング搭載"],
            "低反発クッションのオーバーイヤー型ヘッドホン。USB-C急速充電：10分の充電で5時間再生できます。",
            {"バッテリー持続時間": "40時間", "接続": "Bluetooth 5.3", "カラー": "ブラック", "保証": "1年"},
        ),
        (
            "鋳鉄スキレット 26cm",
            ["シーズニング済みですぐに使えます", "IH・ガス・オーブン対応"],
            "焼き付けやオーブン料理に最適な鋳鉄フライパンです。手洗いのみ、使用後は乾かして油を塗ってください。",
            {"直径": "26cm", "素材": "鋳鉄", "IH対応": True},
        ),
        ("ヨガマット 6mm 滑り止め", [], "", {"厚さ": "6mm", "素材": "TPE"}),
    ],
}

# (reason, text[, title keyword of the product the question is about])
QUESTIONS = {
    "en": [
        ("product_question", "Is the water bottle dishwasher safe?", "Water Bottle"),
        ("product_question", "How long does the battery of the headphones last?", "Headphones"),
        ("where_is_my_order", "Where is my order? It was supposed to arrive yesterday."),
        ("return_request", "I would like to return this item, it is not what I expected."),
        ("damaged_or_defective", "The item arrived broken, the lid is cracked."),
        ("refund", "When will I get my refund?"),
        ("invoice", "Please send me an invoice for my order."),
        ("pre_order", "Do you ship to Canada? I want to buy two of these."),
    ],
    "de": [
        ("product_question", "Ist die Flasche spülmaschinenfest?", "Trinkflasche"),
        ("where_is_my_order", "Wo bleibt meine Bestellung? Das Paket ist noch nicht angekommen."),
        ("return_request", "Ich möchte den Artikel zurücksenden. Wie funktioniert die Rücksendung?"),
        ("damaged_or_defective", "Die Pfanne ist beschädigt angekommen."),
        ("invoice", "Bitte schicken Sie mir eine Rechnung mit ausgewiesener Mehrwertsteuer."),
    ],
    "ja": [
        ("product_question", "この水筒は食洗機で洗えますか？", "水筒"),
        ("where_is_my_order", "注文した商品がまだ届きません。いつ届きますか？"),
        ("return_request", "商品を返品したいです。"),
        ("damaged_or_defective", "届いた商品が壊れていました。"),
    ],
}
