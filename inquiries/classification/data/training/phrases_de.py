"""German training phrases (see phrases_en.py): ``act`` are infinitive
clauses ("meine Bestellung stornieren"), ``topic`` noun phrases, ``say``
whole statements. Written for this project, separately from the blind split."""

ACT_FRAMES = [
    "{a}", "ich möchte {a}", "ich will {a}", "wie kann ich {a}?", "kann ich {a}?", "ich muss {a}",
    "bitte {a}", "wo kann ich {a}?", "ist es möglich, {a}?", "ich würde gern {a}", "wie geht das: {a}?",
    "Hilfe, ich möchte {a}", "können Sie mir helfen, {a}?", "ich weiß nicht, wie ich {a} kann",
    "ich versuche {a}", "möchte {a}", "ich würde gerne {a}", "geht es, {a}?", "ich wollte {a}",
]
TOPIC_FRAMES = [
    "{t}", "{t}?", "Frage zu {t}", "Problem mit {t}", "Info zu {t} bitte", "ich habe eine Frage zu {t}",
    "Hilfe bei {t}", "wegen {t}", "Anliegen: {t}", "betrifft {t}",
]

DE = {
    "where_is_my_order": {
        "act": ["meine Bestellung verfolgen", "den Status meiner Bestellung prüfen", "wissen, wo mein Paket ist",
                "die Sendungsnummer bekommen", "den Liefertermin meiner Bestellung erfahren", "mein Paket finden",
                "wissen, wann meine Bestellung {order} kommt"],
        "topic": ["meiner Lieferung", "dem Sendungsstatus", "Bestellung {order}", "meinem verspäteten Paket",
                  "der Sendungsverfolgung"],
        "say": ["meine Bestellung ist noch nicht da", "wo ist mein Paket", "wann kommt meine Bestellung",
                "das Paket ist seit {when} unterwegs", "Sendung laut {carrier} zugestellt, aber nicht erhalten",
                "ich warte immer noch auf den {item}", "Lieferung verspätet", "meine bestellung ist nicht angekommen",
                "wurde meine Bestellung {order} schon verschickt?", "Paket hängt im Verteilzentrum fest",
                "ich habe {when} bestellt und noch nichts bekommen", "wo bleibt meine Ware"],
    },
    "cancel_order": {
        "act": ["meine Bestellung stornieren", "die Bestellung {order} stornieren", "den Kauf rückgängig machen",
                "meinen Auftrag stornieren", "die Stornogebühr erfahren", "eine Bestellung abbrechen"],
        "topic": ["Stornierung", "der Stornierung von {order}", "Stornogebühren"],
        "say": ["bitte Bestellung {order} stornieren", "ich brauche den {item} nicht mehr, bitte stornieren",
                "aus Versehen bestellt, stornieren bitte", "versenden Sie die Bestellung nicht", "Storno bitte",
                "ich habe zweimal bestellt, eine bitte stornieren", "ist eine Stornierung noch möglich?"],
    },
    "change_order": {
        "act": ["meine Bestellung ändern", "die Lieferadresse ändern", "die Adresse meiner Bestellung korrigieren",
                "einen Artikel zur Bestellung hinzufügen", "die Größe in meiner Bestellung ändern",
                "die Menge ändern", "die Lieferanschrift für {order} ändern", "eine neue Lieferadresse angeben"],
        "topic": ["Adressänderung", "der Lieferadresse", "einer Bestelländerung"],
        "say": ["ich habe die falsche Adresse angegeben", "bitte an {place} liefern statt nach Hause",
                "die Postleitzahl in meiner Bestellung ist falsch", "bitte noch einen {item} dazu bestellen",
                "ich bin umgezogen, die Bestellung muss an die neue Adresse", "Farbe in der Bestellung auf schwarz ändern"],
    },
    "return_request": {
        "act": ["den {item} zurückschicken", "einen Artikel zurückgeben", "ein Rücksendeetikett bekommen",
                "eine Retoure anmelden", "den Artikel umtauschen", "meine Bestellung zurücksenden"],
        "topic": ["Rücksendung", "der Retoure", "dem Rückgaberecht", "Umtausch"],
        "say": ["der {item} passt nicht, ich möchte ihn zurückgeben", "ich will das zurückschicken",
                "wie lange habe ich Zeit für die Rücksendung", "das Etikett für die Rücksendung funktioniert nicht"],
    },
    "refund": {
        "act": ["mein Geld zurückbekommen", "eine Erstattung beantragen", "den Stand meiner Erstattung prüfen",
                "die Rückerstattung für {order} bekommen"],
        "topic": ["meiner Rückerstattung", "der Erstattung", "den Erstattungsbedingungen", "Gutschrift"],
        "say": ["ich habe noch keine Erstattung erhalten", "Rücksendung ist da, aber kein Geld",
                "wann bekomme ich mein Geld zurück", "es wurden nur {amt} erstattet", "Erstattung fehlt",
                "ich will mein Geld zurück", "Rückerstattung auf die falsche Karte"],
    },
    "damaged_or_defective": {
        "say": ["der {item} ist kaputt angekommen", "das Gerät funktioniert nicht", "es geht nach {when} nicht mehr",
                "das Glas ist gesprungen", "der {item} ist defekt", "beschädigt geliefert", "Bildschirm hat Kratzer",
                "lässt sich nicht aufladen", "der Griff ist abgebrochen", "defekt, bitte Ersatz",
                "der {item} ist kaputt, ich will mein Geld zurück", "es riecht verbrannt und geht aus"],
    },
    "wrong_or_missing_item": {
        "say": ["falscher Artikel geliefert", "es fehlt ein Artikel", "das Paket war leer",
                "ich habe die falsche Größe bekommen", "Teile fehlen", "Bestellung unvollständig",
                "der {item} war nicht im Paket", "ich habe ein anderes Produkt erhalten",
                "falsche Farbe geschickt", "nur die Hälfte der Bestellung ist angekommen"],
    },
    "product_question": {
        "say": ["ist der {item} wasserdicht", "aus welchem Material ist das", "welche Größe hat der {item}",
                "ist das mit meinem Handy kompatibel", "ist ein Ladegerät dabei", "wie schwer ist der {item}",
                "kann man das waschen", "hat das Gerät WLAN", "ist es für Kinder geeignet", "wie lang ist das Kabel"],
    },
    "payment": {
        "act": ["eine doppelte Abbuchung klären", "eine fehlgeschlagene Zahlung klären", "eine Abbuchung reklamieren"],
        "topic": ["der Zahlung", "einer doppelten Abbuchung", "einer fehlgeschlagenen Zahlung", "meiner Kreditkarte"],
        "say": ["ich wurde zweimal belastet", "Zahlung fehlgeschlagen", "meine Karte wurde abgelehnt",
                "es wurden {amt} abgebucht", "unbekannte Abbuchung auf meinem Konto", "Zahlung hängt bei ausstehend",
                "ich habe bezahlt aber die Bestellung ist unbezahlt", "{method} hat doppelt abgebucht"],
    },
    "feedback_complaint": {
        "act": ["eine Bewertung schreiben", "Feedback geben", "mich beschweren", "eine Beschwerde einreichen",
                "den Verkäufer bewerten"],
        "topic": ["einer Beschwerde", "Feedback", "einer Bewertung", "dem schlechten Service"],
        "say": ["Ihr Service ist eine Katastrophe", "der Bote war sehr unfreundlich", "ich bin enttäuscht",
                "danke für den tollen Service", "das ist eine Frechheit", "niemand antwortet auf meine Mails",
                "Ihre Website ist verwirrend"],
    },
    "invoice": {
        "act": ["eine Rechnung bekommen", "meine Rechnung herunterladen", "die Rechnung korrigieren lassen",
                "eine Rechnungskopie anfordern", "eine Quittung bekommen"],
        "topic": ["der Rechnung", "meiner Rechnung für {order}", "einer Rechnung mit MwSt", "der Quittung"],
        "say": ["bitte schicken Sie mir die Rechnung", "auf der Rechnung steht die falsche Adresse",
                "ich brauche eine Rechnung für meine Firma", "keine Rechnung im Paket", "Rechnung für {order} bitte",
                "bitte die USt-ID auf der Rechnung angeben"],
    },
    "customization": {
        "act": ["einen Namen eingravieren lassen", "den {item} personalisieren", "unser Logo drucken lassen",
                "eine Sondergröße bestellen", "den Gravurtext ändern"],
        "topic": ["Gravur", "Personalisierung", "einer Sonderanfertigung"],
        "say": ["können Sie '{name}' eingravieren", "bitte Initialen aufsticken", "ich möchte ein eigenes Foto drucken lassen"],
    },
    "pre_order": {
        "act": ["mit {method} bezahlen", "eine Bestellung aufgeben", "den {item} kaufen", "nach {place} liefern lassen",
                "die Versandkosten erfahren", "die Lieferzeit wissen", "auf Rechnung kaufen", "den {item} vorbestellen",
                "als Gast bestellen"],
        "topic": ["den Zahlungsarten", "den Versandoptionen", "der Lieferzeit", "der Verfügbarkeit des {item}",
                  "Versandkosten nach {place}"],
        "say": ["liefern Sie nach {place}", "welche Zahlungsmethoden gibt es", "ist der {item} auf Lager",
                "wann ist der {item} wieder lieferbar", "wie lange dauert die Lieferung", "akzeptieren Sie {method}",
                "wenn ich jetzt bestelle, wann kommt es an", "gibt es Expressversand", "wie bestelle ich das"],
    },
    "account": {
        "act": ["mein Passwort zurücksetzen", "mich einloggen", "ein Konto erstellen", "mein Konto löschen",
                "meine E-Mail-Adresse im Konto ändern", "mich registrieren", "den Newsletter abbestellen",
                "den Newsletter abonnieren", "mein Konto entsperren", "meine Kontodaten ändern",
                "zu einem {plan}-Konto wechseln"],
        "topic": ["meinem Kundenkonto", "der Anmeldung", "der Registrierung", "meinem Passwort", "dem Newsletter"],
        "say": ["ich kann mich nicht anmelden", "Passwort vergessen", "mein Konto ist gesperrt",
                "die Mail zum Zurücksetzen kommt nicht", "Registrierung funktioniert nicht",
                "mein Konto wurde gehackt", "ich bekomme keinen Bestätigungscode", "pasword vergesen"],
    },
    "other": {
        "act": ["mit einem Mitarbeiter sprechen", "den Kundenservice anrufen", "einen Menschen erreichen",
                "den Kundendienst kontaktieren"],
        "topic": ["dem Kundenservice", "Ihrer Telefonnummer", "den Servicezeiten"],
        "say": ["Hallo", "danke", "ist da jemand", "Sie haben ein iPhone gewonnen, hier klicken",
                "wir bieten Ihnen Werbung an", "ich möchte mich bewerben", "Test", "Rückruf erbeten",
                "wann sind Sie erreichbar", "ich will einen echten Menschen"],
    },
}

AFTER_PURCHASE = ["Ich habe {when} den {item} bestellt.", "Bestellnummer {order}.", "Betreff: Bestellung {order} -",
                  "Ich habe bei Ihnen einen {item} gekauft."]
BEFORE_PURCHASE = ["Ich überlege, den {item} zu kaufen.", "Ich habe noch nicht bestellt.", "Vor meiner Bestellung:"]
OPENERS = ["", "", "", "Hallo, ", "Guten Tag, ", "Sehr geehrte Damen und Herren, ", "Hi, ", "Moin, ", "Hallo, hier ist {name}. "]
CLOSERS = ["", "", "", " Danke", " Vielen Dank!", " MfG {name}", " Gruß", " Bitte um Antwort.", " LG"]

# More statements, terse ones among them.
MORE = {
    "where_is_my_order": ["Status meiner Bestellung?", "Paket noch nicht da", "Lieferstatus {order}", "wann wird geliefert",
                          "meine Sendung ist verschollen", "Bestellung kommt nicht", "ist mein Paket unterwegs?",
                          "Zustellung verzögert sich", "noch keine Versandbestätigung bekommen"],
    "cancel_order": ["stornieren bitte", "Storno {order}", "Bestellung widerrufen, noch nicht versandt",
                     "bitte die Bestellung abbrechen", "ich will nicht mehr, bitte stornieren", "Stornokosten?"],
    "change_order": ["Adresse ändern", "falsche Lieferadresse", "Bestellung bearbeiten", "Menge ändern bitte",
                     "bitte an die Packstation liefern", "Hausnummer fehlt in der Adresse", "neue Anschrift für {order}"],
    "return_request": ["Rücksendung", "Retoure bitte", "Umtausch?", "Rückgabe möglich?", "wie funktioniert die Rücksendung",
                       "Artikel gefällt mir nicht, zurück damit"],
    "refund": ["Erstattung?", "Geld zurück?", "Stand der Erstattung", "Rückzahlung fehlt", "wann wird erstattet",
               "Gutschrift noch nicht erhalten"],
    "damaged_or_defective": ["kaputt", "defekt", "beschädigt angekommen", "geht nicht", "Gerät spinnt, startet ständig neu",
                             "Riss im Gehäuse", "Naht gerissen"],
    "wrong_or_missing_item": ["falscher Artikel", "Teil fehlt", "Lieferung unvollständig", "anderes Modell bekommen",
                              "Zubehör fehlt", "nicht das, was ich bestellt habe"],
    "product_question": ["wasserdicht?", "Maße?", "Material?", "kompatibel mit iPad?", "wie lange hält der Akku",
                         "ist das aus Holz", "welche Farbe hat es genau"],
    "payment": ["Zahlung fehlgeschlagen", "doppelt belastet", "Karte abgelehnt", "Abbuchung falsch", "zu viel abgebucht",
                "Zahlungsproblem bei {order}", "Lastschrift geplatzt"],
    "feedback_complaint": ["Beschwerde", "Bewertung", "Lob an das Team", "schlechter Service", "unmöglicher Kundendienst",
                           "ich bin sehr unzufrieden", "Verbesserungsvorschlag"],
    "invoice": ["Rechnung", "Rechnung?", "Rechnungskopie", "Quittung bitte", "Rechnung mit MwSt", "Beleg für die Steuer"],
    "customization": ["Gravur möglich?", "Personalisierung?", "Logo drucken?", "Name aufdrucken", "Wunschtext eingravieren"],
    "pre_order": ["Versandkosten?", "Lieferzeit?", "Zahlungsarten?", "Kauf auf Rechnung möglich?", "wie kann ich bestellen",
                  "auf Lager?", "wann wieder verfügbar", "Versand in die Schweiz?", "kann ich per Nachnahme zahlen",
                  "Lieferoptionen"],
    "account": ["Passwort zurücksetzen", "Login geht nicht", "Konto löschen", "Registrierung", "Newsletter abmelden",
                "Kundenkonto gesperrt", "Zugang vergessen", "Anmeldung schlägt fehl", "E-Mail im Konto ändern"],
    "other": ["Mitarbeiter bitte", "Kundenservice", "Telefonnummer?", "Öffnungszeiten?", "echter Mensch bitte",
              "Kontakt", "Guten Tag"],
}
for _reason, _lines in MORE.items():
    DE[_reason]["say"] = DE[_reason]["say"] + _lines

# A second round: more registers (umgangssprachlich, förmlich), names and numbers.
MORE_2 = {
    "where_is_my_order": ["Sendung {order} bewegt sich seit Tagen nicht", "hab vor einer Woche bestellt, nix da",
                          "der {carrier}-Bote war nie hier", "Bestellstatus ist seit {when} unverändert",
                          "können Sie nachforschen, wo mein Paket ist?"],
    "cancel_order": ["Ich trete vom Kauf zurück, bitte nicht mehr versenden", "Auftrag {order} bitte canceln",
                     "brauch ich doch nicht, bitte stornieren", "kann ich die Bestellung noch rückgängig machen"],
    "change_order": ["Lieferung bitte an den Nachbarn in Nr. 5", "Bestellung auf 3 Stück erhöhen",
                     "in der Bestellung die Farbe auf blau ändern", "Lieferadresse für {order} korrigieren bitte"],
    "return_request": ["Ich will das Teil zurückgeben", "wie melde ich eine Rücksendung an", "Retourenschein fehlt",
                       "gefällt nicht, bitte Rückholung organisieren"],
    "refund": ["Retoure ist seit {when} bei Ihnen, Geld fehlt", "Erstattung von {amt} steht aus",
               "bitte Betrag zurücküberweisen", "Wann kommt die Gutschrift?"],
    "damaged_or_defective": ["Teil kam zerbrochen an", "nach einer Woche schon hinüber", "Gerät macht komische Geräusche",
                             "Display flackert"],
    "wrong_or_missing_item": ["statt dem {item} war was anderes drin", "Lieferung unvollständig, ein Teil fehlt",
                              "Größe M bestellt, L bekommen", "Anleitung fehlt im Paket"],
    "product_question": ["ist der {item} spülmaschinengeeignet", "wie laut ist das Gerät", "gibt es Garantie darauf",
                         "passt das in eine normale Steckdose"],
    "payment": ["Betrag wurde zweimal eingezogen", "Zahlung mit {method} klappt nicht", "falscher Betrag abgebucht",
                "Abbuchung trotz Stornierung"],
    "feedback_complaint": ["ich möchte mich über Ihren Service beschweren", "großes Lob an {name}", "Ihr Kundendienst ist unterirdisch",
                           "wo kann ich den Händler bewerten"],
    "invoice": ["Rechnung bitte auf {name} ausstellen", "Rechnung als PDF per Mail bitte", "brauche eine Rechnung für die Firma",
                "Rechnungsadresse ist falsch"],
    "customization": ["kann ich einen eigenen Text drucken lassen", "Gravur mit Datum möglich?", "gibt es das in Wunschgröße"],
    "pre_order": ["versenden Sie auch ins Ausland", "was kostet der Versand nach {place}", "wann ist das wieder auf Lager",
                  "kann ich mit {method} zahlen", "wie lange braucht die Lieferung"],
    "account": ["komme nicht in mein Konto", "möchte mein Kundenkonto schließen", "Zwei-Faktor-Code kommt nicht",
                "wie ändere ich mein Passwort", "Newsletter bestellen", "Benutzername vergessen"],
    "other": ["kann ich jemanden anrufen", "gibt es eine Hotline", "bitte um Rückruf von einem Mitarbeiter", "Servus",
              "Kooperationsanfrage"],
}
for _reason, _lines in MORE_2.items():
    DE[_reason]["say"] = DE[_reason]["say"] + _lines
