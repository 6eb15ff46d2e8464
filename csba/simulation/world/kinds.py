"""The kinds of products of the simulated catalog: each kind's title and
the facts buyers ask about it, with the attribute name, the possible values
and the ways buyers ask, in English, German and Japanese."""

from __future__ import annotations

# kind: (title per language, [(fact, attribute name per language, values per language, questions per language)])
# Values are parallel lists (the same value in each language); {v} in a question is never used: buyers
# ask about the fact, not its value.
KINDS: dict[str, dict] = {
    "bottle": {
        "title": {"en": "Insulated Water Bottle", "de": "Isolierte Trinkflasche", "ja": "真空断熱ボトル"},
        "facts": [
            (
                "capacity",
                {"en": "capacity", "de": "Fassungsvermögen", "ja": "容量"},
                {
                    "en": ["500 ml", "750 ml", "1 litre"],
                    "de": ["500 ml", "750 ml", "1 Liter"],
                    "ja": ["500ml", "750ml", "1リットル"],
                },
                {
                    "en": ["How much does this bottle hold?", "What is the capacity of the bottle?"],
                    "de": ["Wie viel passt in die Flasche?", "Welches Fassungsvermögen hat die Flasche?"],
                    "ja": ["このボトルの容量はどれくらいですか？", "何ミリリットル入りますか？"],
                },
            ),
            (
                "dishwasher",
                {"en": "dishwasher safe", "de": "spülmaschinenfest", "ja": "食洗機対応"},
                {
                    "en": ["yes", "no, hand wash only"],
                    "de": ["ja", "nein, nur Handwäsche"],
                    "ja": ["はい", "いいえ、手洗いのみ"],
                },
                {
                    "en": ["Can I put it in the dishwasher?", "Is the bottle dishwasher safe?"],
                    "de": ["Kann man die Flasche in die Spülmaschine geben?", "Ist sie spülmaschinenfest?"],
                    "ja": ["食洗機で洗えますか？", "食器洗い機は使えますか？"],
                },
            ),
            (
                "hours_cold",
                {"en": "keeps drinks cold", "de": "hält Getränke kalt", "ja": "保冷時間"},
                {"en": ["24 hours", "12 hours"], "de": ["24 Stunden", "12 Stunden"], "ja": ["24時間", "12時間"]},
                {
                    "en": ["How long does it keep water cold?", "How many hours does it stay cold?"],
                    "de": ["Wie lange bleibt das Wasser kalt?", "Wie viele Stunden hält sie kalt?"],
                    "ja": ["保冷は何時間もちますか？", "どのくらい冷たさが続きますか？"],
                },
            ),
            (
                "material",
                {"en": "material", "de": "Material", "ja": "素材"},
                {
                    "en": ["stainless steel", "BPA-free plastic"],
                    "de": ["Edelstahl", "BPA-freier Kunststoff"],
                    "ja": ["ステンレス", "BPAフリー樹脂"],
                },
                {
                    "en": ["What material is the bottle made of?", "Is it made of steel or plastic?"],
                    "de": ["Aus welchem Material ist die Flasche?", "Ist die Flasche aus Edelstahl oder Plastik?"],
                    "ja": ["素材は何ですか？", "ボトルの材質を教えてください。"],
                },
            ),
        ],
    },
    "backpack": {
        "title": {"en": "Travel Backpack", "de": "Reiserucksack", "ja": "トラベルリュック"},
        "facts": [
            (
                "laptop",
                {"en": "laptop compartment", "de": "Laptopfach", "ja": "PC収納"},
                {
                    "en": ["fits 15.6 inch laptops", "fits 13 inch laptops"],
                    "de": ["für Laptops bis 15,6 Zoll", "für Laptops bis 13 Zoll"],
                    "ja": ["15.6インチ対応", "13インチ対応"],
                },
                {
                    "en": ["Will a 15 inch laptop fit in it?", "What size laptop fits in the backpack?"],
                    "de": ["Passt ein 15 Zoll Laptop hinein?", "Für welche Laptopgröße ist das Fach?"],
                    "ja": ["15インチのノートパソコンは入りますか？", "何インチのPCまで入りますか？"],
                },
            ),
            (
                "volume",
                {"en": "volume", "de": "Volumen", "ja": "容量"},
                {"en": ["30 litres", "40 litres"], "de": ["30 Liter", "40 Liter"], "ja": ["30L", "40L"]},
                {
                    "en": ["How many litres is the backpack?", "What is the volume of this backpack?"],
                    "de": ["Wie viele Liter hat der Rucksack?", "Welches Volumen hat er?"],
                    "ja": ["リュックの容量は何リットルですか？", "どれくらい荷物が入りますか？"],
                },
            ),
            (
                "waterproof",
                {"en": "water resistance", "de": "Wasserdichtigkeit", "ja": "防水性"},
                {
                    "en": ["water resistant, not waterproof", "waterproof fabric"],
                    "de": ["wasserabweisend, nicht wasserdicht", "wasserdichtes Gewebe"],
                    "ja": ["撥水加工", "防水生地"],
                },
                {
                    "en": ["Is the backpack waterproof?", "Can I use it in the rain?"],
                    "de": ["Ist der Rucksack wasserdicht?", "Kann ich ihn bei Regen benutzen?"],
                    "ja": ["防水ですか？", "雨の日でも使えますか？"],
                },
            ),
            (
                "carry_on",
                {"en": "carry-on size", "de": "Handgepäckmaß", "ja": "機内持ち込み"},
                {
                    "en": ["meets most airline carry-on limits", "larger than carry-on limits"],
                    "de": ["entspricht den meisten Handgepäckmaßen", "größer als Handgepäckmaße"],
                    "ja": ["機内持ち込み可能", "機内持ち込み不可"],
                },
                {
                    "en": ["Is this allowed as carry-on luggage?", "Can I take it on a plane as hand luggage?"],
                    "de": ["Ist das als Handgepäck erlaubt?", "Kann ich ihn im Flugzeug als Handgepäck mitnehmen?"],
                    "ja": ["飛行機に持ち込めますか？", "機内持ち込みサイズですか？"],
                },
            ),
        ],
    },
    "earbuds": {
        "title": {"en": "Wireless Earbuds", "de": "Kabellose Ohrhörer", "ja": "ワイヤレスイヤホン"},
        "facts": [
            (
                "battery",
                {"en": "battery life", "de": "Akkulaufzeit", "ja": "バッテリー持続時間"},
                {
                    "en": ["8 hours, 32 hours with the case", "6 hours, 24 hours with the case"],
                    "de": ["8 Stunden, 32 Stunden mit Ladecase", "6 Stunden, 24 Stunden mit Ladecase"],
                    "ja": ["8時間（ケース併用で32時間）", "6時間（ケース併用で24時間）"],
                },
                {
                    "en": ["How long does the battery last?", "What is the battery life of these earbuds?"],
                    "de": ["Wie lange hält der Akku?", "Wie ist die Akkulaufzeit?"],
                    "ja": ["バッテリーは何時間もちますか？", "連続再生時間はどのくらいですか？"],
                },
            ),
            (
                "anc",
                {"en": "noise cancelling", "de": "Geräuschunterdrückung", "ja": "ノイズキャンセリング"},
                {
                    "en": ["active noise cancelling", "no active noise cancelling"],
                    "de": ["aktive Geräuschunterdrückung", "keine aktive Geräuschunterdrückung"],
                    "ja": ["アクティブノイズキャンセリング搭載", "ノイズキャンセリング非搭載"],
                },
                {
                    "en": ["Do they have noise cancelling?", "Is there active noise cancellation?"],
                    "de": ["Haben die Ohrhörer Noise Cancelling?", "Gibt es eine aktive Geräuschunterdrückung?"],
                    "ja": ["ノイズキャンセリングはありますか？", "ノイキャン機能は付いていますか？"],
                },
            ),
            (
                "waterproof",
                {"en": "water resistance", "de": "Wasserschutz", "ja": "防水性能"},
                {"en": ["IPX5", "IPX7"], "de": ["IPX5", "IPX7"], "ja": ["IPX5", "IPX7"]},
                {
                    "en": ["Can I wear them in the rain or while running?", "Are the earbuds waterproof?"],
                    "de": ["Kann ich sie beim Joggen im Regen tragen?", "Sind die Ohrhörer wasserdicht?"],
                    "ja": ["雨の中やランニングで使えますか？", "防水ですか？"],
                },
            ),
            (
                "iphone",
                {"en": "compatibility", "de": "Kompatibilität", "ja": "対応機種"},
                {
                    "en": ["works with iPhone and Android", "Android only"],
                    "de": ["funktioniert mit iPhone und Android", "nur Android"],
                    "ja": ["iPhone・Android対応", "Androidのみ対応"],
                },
                {
                    "en": ["Do they work with an iPhone?", "Are these compatible with iPhone?"],
                    "de": ["Funktionieren die mit einem iPhone?", "Sind sie mit dem iPhone kompatibel?"],
                    "ja": ["iPhoneでも使えますか？", "iPhoneに対応していますか？"],
                },
            ),
        ],
    },
    "lamp": {
        "title": {"en": "LED Desk Lamp", "de": "LED-Schreibtischlampe", "ja": "LEDデスクライト"},
        "facts": [
            (
                "dimmable",
                {"en": "brightness levels", "de": "Helligkeitsstufen", "ja": "調光"},
                {
                    "en": ["5 brightness levels, dimmable", "one brightness level"],
                    "de": ["5 Helligkeitsstufen, dimmbar", "eine Helligkeitsstufe"],
                    "ja": ["5段階調光", "調光なし"],
                },
                {
                    "en": ["Is the lamp dimmable?", "Can I change the brightness?"],
                    "de": ["Ist die Lampe dimmbar?", "Kann man die Helligkeit einstellen?"],
                    "ja": ["明るさは調整できますか？", "調光機能はありますか？"],
                },
            ),
            (
                "usb",
                {"en": "USB charging port", "de": "USB-Ladeanschluss", "ja": "USB充電ポート"},
                {
                    "en": ["USB-A port for charging a phone", "no USB port"],
                    "de": ["USB-A-Anschluss zum Laden eines Handys", "kein USB-Anschluss"],
                    "ja": ["スマホ充電用USBポート付き", "USBポートなし"],
                },
                {
                    "en": ["Can I charge my phone from the lamp?", "Does it have a USB port?"],
                    "de": ["Kann ich mein Handy an der Lampe laden?", "Hat die Lampe einen USB-Anschluss?"],
                    "ja": ["スマホを充電できますか？", "USBポートは付いていますか？"],
                },
            ),
            (
                "power",
                {"en": "power", "de": "Leistung", "ja": "消費電力"},
                {"en": ["10 watts", "7 watts"], "de": ["10 Watt", "7 Watt"], "ja": ["10W", "7W"]},
                {
                    "en": ["How many watts does it use?", "What is the power consumption?"],
                    "de": ["Wie viel Watt verbraucht die Lampe?", "Wie hoch ist die Leistung?"],
                    "ja": ["消費電力は何ワットですか？", "電気代はどのくらいかかりますか？"],
                },
            ),
            (
                "color_temp",
                {"en": "colour temperature", "de": "Farbtemperatur", "ja": "色温度"},
                {
                    "en": ["warm to cool white, 3000 to 6000 K", "cool white only"],
                    "de": ["warm- bis kaltweiß, 3000 bis 6000 K", "nur kaltweiß"],
                    "ja": ["電球色〜昼光色（3000〜6000K）", "昼光色のみ"],
                },
                {
                    "en": ["Does it have a warm light setting?", "Can the light colour be changed?"],
                    "de": ["Gibt es warmweißes Licht?", "Kann man die Lichtfarbe ändern?"],
                    "ja": ["暖色の光にできますか？", "光の色は変えられますか？"],
                },
            ),
        ],
    },
    "kettle": {
        "title": {"en": "Electric Kettle", "de": "Elektrischer Wasserkocher", "ja": "電気ケトル"},
        "facts": [
            (
                "capacity",
                {"en": "capacity", "de": "Fassungsvermögen", "ja": "容量"},
                {
                    "en": ["1.7 litres", "1.0 litre"],
                    "de": ["1,7 Liter", "1,0 Liter"],
                    "ja": ["1.7リットル", "1.0リットル"],
                },
                {
                    "en": ["How much water does the kettle hold?", "What is the capacity of the kettle?"],
                    "de": ["Wie viel Wasser passt in den Wasserkocher?", "Welches Fassungsvermögen hat er?"],
                    "ja": ["ケトルの容量はどのくらいですか？", "何リットル沸かせますか？"],
                },
            ),
            (
                "temperature",
                {"en": "temperature control", "de": "Temperaturwahl", "ja": "温度調節"},
                {
                    "en": ["temperature settings from 40 to 100 °C", "boils only"],
                    "de": ["Temperaturstufen von 40 bis 100 °C", "nur Kochen"],
                    "ja": ["40〜100℃の温度調節", "温度調節なし"],
                },
                {
                    "en": ["Can I set the water temperature?", "Does it have temperature control?"],
                    "de": ["Kann man die Temperatur einstellen?", "Hat der Wasserkocher eine Temperaturwahl?"],
                    "ja": ["温度設定はできますか？", "温度調節機能はありますか？"],
                },
            ),
            (
                "auto_off",
                {"en": "automatic shut-off", "de": "Abschaltautomatik", "ja": "自動電源オフ"},
                {
                    "en": ["switches off when boiled and when dry", "switches off when boiled"],
                    "de": ["schaltet nach dem Kochen und bei Trockengehschutz ab", "schaltet nach dem Kochen ab"],
                    "ja": ["沸騰後・空焚き時に自動オフ", "沸騰後に自動オフ"],
                },
                {
                    "en": ["Does it turn off by itself?", "Is there an automatic shut off?"],
                    "de": ["Schaltet er sich automatisch ab?", "Gibt es eine Abschaltautomatik?"],
                    "ja": ["自動で電源が切れますか？", "空焚き防止機能はありますか？"],
                },
            ),
            (
                "material",
                {"en": "inner material", "de": "Innenmaterial", "ja": "内側の素材"},
                {
                    "en": ["stainless steel inside", "glass with steel base"],
                    "de": ["innen Edelstahl", "Glas mit Edelstahlboden"],
                    "ja": ["内側ステンレス", "ガラス製"],
                },
                {
                    "en": ["Is the inside plastic or metal?", "What is the inside of the kettle made of?"],
                    "de": ["Ist der Wasserkocher innen aus Plastik?", "Aus welchem Material ist er innen?"],
                    "ja": ["内側はプラスチックですか？", "内側の素材は何ですか？"],
                },
            ),
        ],
    },
    "mat": {
        "title": {"en": "Yoga Mat", "de": "Yogamatte", "ja": "ヨガマット"},
        "facts": [
            (
                "thickness",
                {"en": "thickness", "de": "Dicke", "ja": "厚さ"},
                {"en": ["6 mm", "10 mm"], "de": ["6 mm", "10 mm"], "ja": ["6mm", "10mm"]},
                {
                    "en": ["How thick is the mat?", "What is the thickness of this yoga mat?"],
                    "de": ["Wie dick ist die Matte?", "Welche Dicke hat die Yogamatte?"],
                    "ja": ["マットの厚さは何ミリですか？", "厚みはどのくらいですか？"],
                },
            ),
            (
                "size",
                {"en": "size", "de": "Maße", "ja": "サイズ"},
                {
                    "en": ["183 x 61 cm", "200 x 80 cm"],
                    "de": ["183 x 61 cm", "200 x 80 cm"],
                    "ja": ["183×61cm", "200×80cm"],
                },
                {
                    "en": ["How long is the mat?", "What are the dimensions of the mat?"],
                    "de": ["Wie lang ist die Matte?", "Welche Maße hat die Matte?"],
                    "ja": ["マットのサイズを教えてください。", "長さは何センチですか？"],
                },
            ),
            (
                "non_slip",
                {"en": "surface", "de": "Oberfläche", "ja": "表面"},
                {
                    "en": ["non-slip on both sides", "non-slip top only"],
                    "de": ["beidseitig rutschfest", "nur oben rutschfest"],
                    "ja": ["両面滑り止め", "片面滑り止め"],
                },
                {
                    "en": ["Is the mat slippery when I sweat?", "Is it non slip?"],
                    "de": ["Ist die Matte rutschfest?", "Rutscht man darauf, wenn man schwitzt?"],
                    "ja": ["滑りにくいですか？", "汗をかいても滑りませんか？"],
                },
            ),
            (
                "material",
                {"en": "material", "de": "Material", "ja": "素材"},
                {
                    "en": ["TPE, latex-free", "natural rubber"],
                    "de": ["TPE, latexfrei", "Naturkautschuk"],
                    "ja": ["TPE（ラテックスフリー）", "天然ゴム"],
                },
                {
                    "en": ["Does the mat contain latex?", "What is the mat made of?"],
                    "de": ["Enthält die Matte Latex?", "Aus welchem Material ist die Matte?"],
                    "ja": ["ラテックスは含まれていますか？", "素材は何ですか？"],
                },
            ),
        ],
    },
}
