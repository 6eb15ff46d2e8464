"""The cue phrases of each contact reason, in English, German and Japanese.

Each cue is a regular expression with a weight: the evidence it gives for its
reason. Cues describe how buyers put a request ("send it back", "noch nicht
angekommen", "届いていない"), not particular sentences, so that they carry
over to contacts nobody has seen. Text is matched lower-cased and NFKC
normalised (full-width Latin and digits folded, half-width katakana widened).

Context cues are not reasons of their own: ``POST_ORDER`` says the buyer
already bought (which rules out ``pre_order``), ``INVOICE_REQUEST`` says an
invoice is asked for rather than mentioned.
"""
from __future__ import annotations

from ..reasons import Reason

R = Reason

# German umlauts may be written as ae/oe/ue; "ss" for "ß".
UE, OE, AE, SZ = "(?:ü|ue)", "(?:ö|oe)", "(?:ä|ae)", "(?:ß|ss)"

LATIN: dict[str, list[tuple[str, float]]] = {
    R.WHERE_IS_MY_ORDER: [
        # English
        (r"\bwhere(?:'s| is|s)? (?:my|our|the) (?:order|package|parcel|item|delivery|shipment|stuff|purchase|book|box)", 4),
        (r"\bwhere is (?:it|this)\b", 2),
        (r"\b(?:hasn'?t|has not|have ?n'?t|have not|did ?n'?t|did not|never|still not|not yet|yet to)\b.{0,25}\b(?:arrived?|received?|come|delivered|been delivered|gotten|got|turned up|shown up|showed up)\b", 2.5),
        (r"\b(?:hasn'?t|has not|not yet|still not|wasn'?t|was not) (?:been )?(?:shipped|sent|dispatched)\b", 1.2),
        (r"\b(?:any )?(?:news|update|updates|word|info\w*) (?:on|about|regarding|for) (?:my|the|our) (?:order|package|parcel|shipment|delivery)|\bhaven'?t heard (?:anything|back)", 3.5),
        (r"\b(?:should have|was supposed to|were supposed to|was meant to|was due to|was expected to) (?:arrive|come|be delivered|be here|get here)", 3),
        (r"\b(?:usps|ups|fedex|dhl|carrier|courier|tracking|the app)\b.{0,20}\b(?:shows|says|said|shows that|states)\b", 2.5),
        (r"\b(?:not|never) (?:arrived|received|delivered|come|shown up|showed up|turned up)\b", 2),
        (r"\btracking\b", 2),
        (r"\b(?:track|trace) (?:my|the|this|it)\b", 2.5),
        (r"\b(?:late|delayed|delay|overdue|taking (?:so|too) long|still waiting|been waiting|waiting for (?:my|the|it))\b", 1.5),
        (r"\bwhen (?:will|is|can|would|do|should) (?:i|it|my|this|the|they|we)\b.{0,30}\b(?:arrive|ship|shipped|be delivered|delivered|get here|come|receive|be sent|dispatched)", 2.5),
        (r"\b(?:marked|shows?|showing|says|listed|status is) (?:as )?(?:delivered|out for delivery)", 3),
        (r"\b(?:delivery|shipping|order) (?:status|date|estimate|update)\b", 2),
        (r"\b(?:lost|stolen|missing) (?:in the mail|in transit|package|parcel|shipment|delivery)\b", 3),
        (r"(?<!n't )(?<!not )\bshipped yet\b|\bhas it (?:shipped|been shipped|been sent)\b|\bhas (?:my|the) order (?:shipped|been shipped|been sent)", 3),
        (r"\b(?:carrier|courier|usps|ups|fedex|dhl|mail ?man|postman)\b", 0.7),
        (r"\b(?:estimated|expected) (?:delivery|arrival)\b", 1.5),
        # German
        (r"\bwo (?:ist|bleibt|sind|bleiben) (?:meine?|unsere?|die|das|der)\b", 3.5),
        (r"\bnoch (?:immer )?(?:nicht|nichts|kein\w*)\b.{0,25}(?:angekommen|erhalten|geliefert|da\b|eingetroffen|bekommen|zugestellt|gekommen)", 3),
        (r"\bnoch nicht (?:versendet|verschickt|versandt|raus)", 1.2),
        (rf"\bwo (?:meine?|unsere?|die|das|der) \w+ (?:bleibt|ist)\b|\bneuigkeiten\b|\bstand (?:der|meiner) (?:lieferung|bestellung|sendung)|\bnichts (?:mehr )?(?:geh{OE}rt|erhalten)\b", 3.5),
        (rf"\b(?:sollte|h{AE}tte|m{UE}sste)\b.{{0,40}}\b(?:ankommen|kommen|da sein|geliefert werden|zugestellt werden|eintreffen)", 3),
        (r"\b(?:dhl|hermes|dpd|gls|ups|sendungsverfolgung|tracking|app)\b.{0,25}\b(?:sagt|zeigt|steht|meldet)\b|\blaut (?:dhl|hermes|dpd|gls|ups|tracking|sendungsverfolgung)\b", 2.5),
        (r"\b(?:nicht|nie|nirgends) (?:angekommen|eingetroffen|zugestellt|geliefert)\b", 2.5),
        (r"\b(?:sendungsverfolgung|sendungsnummer|trackingnummer|tracking|paketverfolgung|verfolgungsnummer|sendungsstatus)", 2.5),
        (r"\b(?:liefer|versand|bestell)status\b|\bstatus (?:meiner|der|unserer) (?:bestellung|lieferung|sendung)", 3),
        (r"\b(?:wann|bis wann)\b.{0,40}\b(?:kommt|ankommen|geliefert|versendet|verschickt|versandt|zugestellt|da sein|eintreffen|erhalten|bekomme)", 2.5),
        (rf"\b(?:versp{AE}t\w*|verz{OE}ger\w*|{UE}berf{AE}llig|lieferverzug|dauert (?:so|zu|sehr) lange|warte (?:seit|immer noch|noch)|immer noch nicht)", 1.5),
        (r"\b(?:als )?(?:zugestellt|geliefert) (?:markiert|angezeigt)|\bangeblich (?:zugestellt|geliefert)", 3),
        (r"\b(?:paket|sendung|lieferung)\b.{0,30}\b(?:verloren|verschwunden|nicht auffindbar)", 3),
        (r"\b(?:dhl|hermes|dpd|gls|paketbote|zusteller|postbote)\b", 0.7),
    ],
    R.CANCEL_ORDER: [
        (r"\bcanc(?:el|le|l)(?:l?ing|lation|s)?\b", 3.5),
        (r"\bcancell?ed\b", 2),
        (r"\b(?:do not|don'?t|please don'?t) (?:send|ship|dispatch)\b|\bis it too late to cancel", 3.5),
        (r"\b(?:stop|halt|withdraw|void|call off)\b.{0,12}\b(?:the|my|this) (?:order|shipment|purchase)", 3),
        (r"\b(?:ordered|bought|purchased)\b.{0,30}\b(?:by (?:mistake|accident)|accidentally|twice)\b|\b(?:accidentally|mistakenly) (?:ordered|bought|purchased)", 2),
        (r"\bdon'?t (?:want|need) (?:it|this|the order) any ?more\b|\bno longer (?:want|need) (?:it|this|the order)\b", 1),
        (r"\bstornie?r(?:en|ung|e|t mir|t werden)\b|\bstorno\w*|\bannullier\w*", 3.5),
        (r"\bstorniert\b", 2),
        (rf"\bbestellung\b.{{0,20}}\b(?:zur{UE}ckziehen|abbrechen|aufheben|r{UE}ckg{AE}ngig)", 3),
        (r"\b(?:versehentlich|aus versehen|doppelt) (?:bestellt|gekauft)", 2),
    ],
    R.CHANGE_ORDER: [
        (r"\b(?:change|update|correct|modify|edit|fix|switch|amend)\b.{0,35}\b(?:address|size|colou?r|quantity|qty|shipping method|delivery (?:date|instructions)|zip|postcode|apartment|apt|recipient|name on)", 3.5),
        (r"\b(?:wrong|incorrect|old|typo in (?:the|my)) (?:shipping |delivery )?address\b", 2.5),
        (r"\b(?:ship|send|deliver) (?:it |this |the order |my order )?to (?:a different|another|my new|my work|a new)\b", 3),
        (r"\b(?:add|include|remove)\b.{0,15}\b(?:gift (?:wrap|message|note|receipt)|an? (?:item|another)|one more)\b", 2.5),
        (r"\bgift (?:wrap\w*|message|note)\b", 3),
        (r"\bbefore (?:it|the (?:package|order|parcel|item)|my order) (?:ships|goes out|is shipped|is sent|leaves|gets shipped)|\bis it too late to\b|\b(?:pay|cover) the difference\b", 2.5),
        (r"\b(?:delivery|package|parcel|order|it) (?:go|be sent|be delivered|be shipped|be redirected) to\b", 3),
        (r"\b(?:wrong|incorrect|missing|typo in (?:the|my)?) ?(?:zip(?: code)?|postcode|postal code|apartment|apt|unit|house number|street|building)\b|\b(?:zip(?: code)?|postcode|apartment number|apt number|unit number|house number)\b.{0,25}\b(?:missing|wrong|incorrect|should be)\b", 3.5),
        (r"\b(?:swap|switch|upgrade|downgrade|increase|decrease|add)\b.{0,30}\b(?:for|to) (?:the|a|an|\d)", 1.5),
        (r"\b(?:instead|rather) (?:of|than)\b.{0,40}\bbefore (?:it )?(?:ships|is shipped|dispatch)", 2),
        (rf"\b(?:adresse|lieferadresse|anschrift|gr{OE}{SZ}e|farbe|menge|anzahl|hausnummer|postleitzahl|plz|empf{AE}nger|lieferoption)\b.{{0,40}}(?:{AE}ndern|korrigieren|anpassen|aktualisieren|berichtigen|tauschen)", 3.5),
        (rf"\b(?:{AE}ndern|korrigieren)\b.{{0,30}}\b(?:adresse|anschrift|gr{OE}{SZ}e|farbe|menge|bestellung)", 3),
        (r"\bfalsche (?:liefer)?adresse\b|\b(?:adresse|anschrift)\b.{0,20}\b(?:falsch|vertippt)", 2.5),
        (r"\ban (?:eine )?(?:andere|neue) adresse\b|\ban (?:eine |die )?packstation\b|\b(?:an|zur|zu einer|in die) (?:packstation|postfiliale|paketshop|firmenadresse|arbeit|nachbarn)\b", 3),
        (rf"\b(?:hausnummer|adresse|anschrift|plz|postleitzahl|stra{SZ}e|name am klingelschild)\b.{{0,25}}\b(?:fehlt|falsch|vergessen|vertippt)|\b(?:falsche|fehlende) (?:plz|postleitzahl|hausnummer)\b", 4),
        (rf"\bbevor (?:es|sie|das paket|die bestellung)\b.{{0,15}}(?:verschickt|versendet|rausgeht|losgeht|versandt)|\bdifferenz\b|\bnoch (?:m{OE}glich|machbar)\b", 2.5),
        (r"\bgeschenk(?:verpackung|nachricht|papier)\b|\bals geschenk (?:verpack|einpack|versend)", 3),
    ],
    R.RETURN_REQUEST: [
        (r"\b(?:return|retrun|retun)(?:s|ing)?\b", 2),
        (r"\breturn (?:label|shipping label|slip|authori[sz]ation|window|policy|period|process|it|this|them|the item)\b", 1.5),
        (r"\b(?:send|ship|mail|take|bring)(?:ing)? (?:it|this|them|these|the \w+|everything) back\b", 3),
        (r"\blooks? nothing like\b|\b\d+[- ]days?\b.{0,20}\b(?:return|window|over|passed|policy)\b|\breturn window\b", 1.5),
        (r"\b(?:exchange|swap) (?:it|this|them|for)\b", 2.5),
        (r"\b(?:doesn'?t|does not|don'?t|did ?n'?t|do not) fit\b|\btoo (?:small|big|large|tight|loose|short|long|narrow|wide)\b", 1.5),
        (r"\bchanged my mind\b|\b(?:don'?t|do not) (?:like|want) (?:it|them|the \w+)\b|\bnot (?:what i expected|as (?:described|pictured))\b", 1.5),
        (rf"\bzur{UE}ck(?:senden|schicken|geben|zugeben|zuschicken|zusenden|nehmen|gehen lassen)\b|\bzur{UE}ck ?(?:zu )?(?:senden|schicken)\b|\bschick\w* (?:ich |es |das |ihn |sie )*zur{UE}ck\b", 3),
        (rf"\b(?:paket|karton|ware|r{UE}cksendung)\b.{{0,40}}\b(?:abgeben|abholen|abgeholt)\b|\b(?:\d+|drei{SZ}ig|vierzehn) tage\b.{{0,20}}\b(?:um|vorbei|abgelaufen)\b|\b(?:r{UE}ckgabe|widerrufs)frist\b", 2),
        (rf"\br{UE}cksend\w*|\bretour\w*|\br{UE}ckgabe\w*|\bumtausch\w*|\bumtauschen\b|\bwiderruf\w*", 3),
        (rf"\bpasst (?:mir |leider |nicht |gar )*nicht\b|\bzu (?:klein|gro{SZ}|eng|weit|kurz|lang)\b|\bgef{AE}llt (?:mir )?(?:leider )?nicht\b", 1.5),
    ],
    R.REFUND: [
        (r"\brefund\w*", 3.5),
        (r"\b(?:money|payment) back\b|\breimburs\w*|\bcredit(?:ed)? (?:back|to my|my card|my account)\b", 3),
        (r"\b(?:haven'?t|have not|not yet|still (?:not|haven'?t)|never)\b.{0,30}\b(?:refund|money|credit)", 1.5),
        (r"\b(?:i|we) (?:already )?(?:returned|sent (?:it|them|the \w+) back|shipped (?:it|them) back|dropped (?:it|them) off)\b|\b(?:return|package|parcel) (?:was )?(?:delivered|received|scanned|arrived) (?:back|to (?:you|the (?:seller|warehouse)))|\bi sent back\b", 2),
        (r"\b(?:the|my) money\b|\bwhen (?:will|do|can) (?:i|we) (?:get|see|receive) (?:my |the |that |our )?(?:money|refund)\b|\brefund\b.{0,25}\b(?:processed|issued|show up|arrive|posted|pending)\b", 2),
        (rf"\b(?:r{UE}ck|teil)?erstatt\w*|\bgeld zur{UE}ck\b|\bmein geld\b|\bgutschrift\b|\br{UE}ckzahlung\b|\bzur{UE}ck ?(?:ge)?(?:zahlt|{UE}berwiesen|gebucht)", 3.5),
        (rf"\bzur{UE}ckgeschickt\w*|\bzur{UE}ckgesendet\w*|\b(?:r{UE}cksendung|retoure)\b.{{0,50}}\b(?:angekommen|zugestellt|eingegangen|erhalten)\b|\bbetrag\b", 2),
    ],
    R.DAMAGED_OR_DEFECTIVE: [
        (r"\b(?:broken|broke|damaged?|cracked|cracks?|shattered|dented|smashed|crushed|torn|ripped|bent|leak(?:s|ing|ed)?|defect(?:ive)?|faulty|malfunction\w*|scratch(?:ed|es)|stain(?:ed|s)|moldy|mouldy|rotten|spoiled|chipped|frayed|burnt|melted|peeling|split|warped|soaked|soggy|swollen|bulging|overheat\w*|dies|died|dead pixels?|flicker\w*|rattl\w*|sparks?|smok(?:e|es|ing))\b", 3.5),
        (r"\bkeeps? (?:disconnecting|turning off|shutting (?:off|down)|restarting|rebooting|crashing|dropping|freezing|beeping)\b|\b(?:gets|got|getting) (?:really |very )?hot\b|\bsmells? (?:like|of) (?:burn|smoke|plastic)|\berror (?:code|message)?\b", 3),
        (r"\b(?:doesn'?t|does not|don'?t|do not|won'?t|will not|isn'?t|is not|stopped|no longer|can'?t|cannot)\b.{0,12}\b(?:work|working|turn(?:s|ing)? on|charge|charging|start|power(?:s)? on|light(?:s)? up|boot|heat(?:s)? up|pair(?:s)?|connect(?:s)?|function(?:ing)?|open|close|lock|spin|play|hold a charge)", 3.5),
        (r"\b(?:dead on arrival|doa|not working|quit working|died after|stopped working|falls? apart|fell apart|came apart|falling apart|pieces? (?:broke|fell) off)\b", 3.5),
        (r"\b(?:arrived|came|delivered)\b.{0,20}\b(?:broken|damaged|in pieces|crushed|cracked|leaking|open|wet)\b", 1.5),
        (rf"\b(?:besch{AE}digt\w*|kaputt\w*|defekt\w*|zersprungen|undicht|ausgelaufen|fehlerhaft\w*|kratzer\w*|zerkratzt|verbeult|eingedr{UE}ckt|schimmel\w*|mangelhaft|verbogen|zerdr{UE}ckt|gesplittert|angebrochen|verschmutzt|\w*flecke?n?|sprung|riss|durchn{AE}sst|nass|muffig|aufgebl{AE}ht|bl{AE}ht|w{OE}lbt|{UE}berhitzt|brummt|wackelt|error|fehlermeldung|fehlercode)\b|\w*(?:gerissen|gebrochen|brochen)\b", 3.5),
        (rf"\b(?:funktioniert|l{AE}uft|l{AE}dt|startet|reagiert|leuchtet|schaltet|heizt|springt|dreht)\b.{{0,25}}\bnicht\b(?! (?:angekommen|geliefert|erhalten))|\bgeht (?:nicht mehr|gar nicht|nicht an|nicht aus)\b|\bwird (?:sehr |extrem )?hei{SZ}\b", 3),
        (rf"\bl{AE}sst sich nicht\b|\bnicht mehr (?:funktionier|benutzbar|zu gebrauchen)|\bnicht funktionsf{AE}hig|\bausgefallen\b|\bgeht (?:st{AE}ndig|immer) aus\b", 3.5),
    ],
    R.WRONG_OR_MISSING_ITEM: [
        (r"\bwrong (?:item|product|size|colou?r|model|book|one|thing|version|style|package|parcel|flavou?r|quantity|variant|part|edition|pair|box)s?\b", 4.5),
        (r"\b(?:ordered|bought|purchased|selected)\b.{0,40}\b(?:but|and) (?:got|received|they sent|you sent|it'?s|was sent|came)\b|\bordered \w+(?: \w+)?, (?:got|received|came)\b|\binstead (?:i|we) (?:got|received)\b", 4),
        (r"\b(?:isn'?t|is not|wasn'?t|was not|aren'?t|weren'?t|are not|were not|not) (?:in|inside) the (?:box|package|parcel|bag)\b|\b(?:there|it) (?:was|were) only\b|\bno \w+ (?:or|and) \w+ (?:in|inside)\b|\b(?:box|package|parcel) (?:came|arrived|was) empty\b|\btwo left\b|\b(?:someone else'?s|another (?:customer|person)'?s) (?:order|package|item)", 3.5),
        (r"\b(?:sent|received|got|delivered|shipped|gave)\b.{0,15}\bwrong\b", 4),
        (r"\bnot (?:what|the (?:one|item|product|thing|size|colou?r)) (?:i|we) (?:ordered|bought|purchased|selected|chose)\b|\bisn'?t what (?:i|we) ordered\b|\bdifferent (?:from|than) what (?:i|we) ordered\b", 4.5),
        (r"\bmissing\b", 2.5),
        (r"\b(?:is|was|are|were|seems to be|appear to be) (?:missing|not (?:included|in the (?:box|package)))\b|\b(?:didn'?t|did not) (?:come|arrive) with\b|\bonly (?:received|got|came with|contained|had)\b", 3),
        (r"\b(?:empty (?:box|package|parcel|envelope)|(?:box|package|parcel) was empty)\b", 4.5),
        (r"\binstead of\b", 1.5),
        (r"\bincomplete\b|\bpart of (?:my|the) order\b|\b(?:one|two|1|2|some) of the (?:items|pieces|parts)\b", 2),
        (rf"\bfalsche[nrs]? (?:artikel|produkt|gr{OE}{SZ}e|farbe|ware|modell|buch|teil|sache|lieferung|paket|sorte|variante|menge|ausf{UE}hrung)", 4.5),
        (r"\b(?:bestellt|bestellte|bestellt habe ich|bestellt hatte ich)\b.{0,40}\b(?:geliefert|bekommen|erhalten|kam|gekommen|angekommen)\b|\bgeliefert wurde\b|\bbekommen habe ich\b", 3.5),
        (rf"\b(?:waren|war|lag|lagen) (?:aber )?nur\b|\bnur (?:\d+|ein|eins|einen|eine|zwei|drei|vier|f{UE}nf)\b.{{0,20}}\b(?:drin|im karton|im paket|in der packung|dabei|enthalten)", 2.5),
        (r"\b(?:nicht|etwas anderes|was anderes|anderes) (?:als|das|was) (?:ich |wir )?(?:bestellt|gekauft)|\bfalsch(?:es)? geliefert|\bfalsch(?:e[ns]?)? (?:geschickt|verschickt|erhalten|bekommen)", 4),
        (rf"\bfehl(?:t|en|ende[nrs]?)\b|\bunvollst{AE}ndig\b|\bnicht (?:dabei|enthalten|beigelegt|im paket|in der (?:packung|lieferung))", 3),
        (r"\bleer(?:e[rs]?)? (?:paket|karton|packung|sendung)|\b(?:paket|karton|packung) war leer", 4.5),
        (r"\b(?:statt|anstatt|anstelle)\b", 1.5),
        (rf"\bnur (?:ein|eins|einen|eine|zwei|drei|1|2|3|die h{AE}lfte|teil)\b.{{0,30}}\b(?:erhalten|bekommen|geliefert|angekommen|im paket|drin|dabei)", 2.5),
    ],
    R.PRODUCT_QUESTION: [
        (r"\bhow (?:do|can|should|would) (?:i|you|we|one) (?:use|assemble|set ?up|install|clean|wash|charge|connect|pair|turn|reset|operate|adjust|care|store|attach|mount|replace the|open|fold|fill|program|update|sync|calibrate|descale|remove|tighten|activate|register)", 3.5),
        (r"\bhow to (?:use|assemble|set ?up|install|clean|wash|charge|connect|pair|reset|operate|adjust|care|store|attach|mount|descale|activate|register)", 3.5),
        (r"\b(?:compatible|compatibility|work(?:s)? with|fit(?:s)? (?:my|a|an|on|in|into|the)|suitable for|safe (?:for|to)|okay for|ok for)\b", 2.5),
        (r"\b(?:dimensions?|measurements?|how (?:big|large|tall|wide|long|heavy|deep|many|much (?:does it weigh|weight))|weigh(?:t|s)?|size chart|capacity|wattage|voltage)\b", 2),
        (r"\b(?:made (?:of|from|in)|materials?|fabric|dishwasher|microwave|oven|machine wash\w*|washable|waterproof|water ?resistant|battery|batteries|warranty|guarantee|instructions?|manual|user guide|ingredients?|allerg\w*|bpa|gluten|vegan|latex|nickel|lead|organic|certified|firmware|app)\b", 1.8),
        (r"\b(?:does|do|will|can|is|are) (?:it|this|these|they|the \w+)\b.{0,25}\b(?:have|come with|include|work|support|need|require|contain|use|fit|hold|take)\b", 2),
        (r"\b(?:is|are) (?:it|this|these|they|the \w+) (?:safe|suitable|waterproof|compatible|washable|adjustable|removable|rechargeable|real|genuine|new|refurbished|original)\b", 2.5),
        (r"\bcan (?:i|it|you|these|they) (?:use|put|be used|wash|charge|connect|replace|take)\b", 2),
        (r"\b(?:do|should) i (?:need|have) to\b|\bhow often\b|\bis there an? (?:\w+ )?(?:version|manual|guide|replacement|refill|spare)\b|\bis (?:it|this|that) normal\b|\bwhich (?:one|size|type|bulb|setting|button|filter|battery|cable|charger|mode|way)\b|\bwhat (?:size|type|kind) of\b|\b(?:is|are) (?:it|this|these|they|the \w+)\b[^.?!]{0,30}\bor\b[^.?!]{0,20}\?", 2.5),
        (r"\b(?:specs?|specifications?|features?|settings?|mode|function)\b", 1),
        (rf"\bwie (?:benutze|verwende|bediene|reinige|wasche|montiere|installiere|lade|verbinde|stelle|baue|befestige|pflege|entkalke|{OE}ffne|aktiviere|programmiere|tausche|wechsle|bef{UE}lle|nutze|funktioniert|schlie{SZ}e)\b", 3.5),
        (rf"\bkompatibel\b|\bpasst (?:das|der|die|es|er|sie)\b.{{0,20}}\b(?:zu|auf|in|an|f{UE}r)\b|\bfunktioniert (?:das|der|die|es|er|sie) (?:auch )?mit\b|\bgeeignet\b", 2.5),
        (rf"\b(?:ma{SZ}e|abmessung\w*|wie (?:gro{SZ}|schwer|lang|breit|hoch|tief|viel)|gewicht|material\w*|stoff|sp{UE}lmaschine\w*|waschbar|waschmaschine|wasserdicht|wasserfest|akku\w*|batterie\w*|spannung|garantie|anleitung|bedienungsanleitung|gebrauchsanweisung|inhaltsstoffe|zutaten|allergen\w*|laktose|glutenfrei|vegan|firmware)\b", 1.8),
        (rf"\b(?:hat|haben|enth{AE}lt|braucht|ben{OE}tigt|unterst{UE}tzt) (?:das|der|die|es|er|sie)\b", 1.5),
        (r"\bist (?:das|der|die|es|er|sie) (?:auch )?(?:sicher|wasserdicht|kompatibel|waschbar|verstellbar|abnehmbar|original|echt|neu)\b", 2.5),
        (rf"\bkann (?:ich|man) (?:das|den|die|es|ihn|sie)\b.{{0,30}}\b(?:benutzen|verwenden|nutzen|waschen|laden|anschlie{SZ}en|einstellen|tauschen|reinigen|mitnehmen)\b", 2.5),
        (rf"\bgeht (?:das|der|die|es|er|sie) (?:auch )?mit\b|\bwelche[rsn]?\b.{{0,25}}\b(?:passt|brauche|nehme|ist richtig|empfehlen)\b|\bmuss (?:ich|man)\b.{{0,40}}\?|\bgibt es (?:eine?n? )?(?:\w+ )?(?:version|anleitung|ersatzteil\w*|nachf{UE}ll\w*)\b|\bist (?:das|es) normal\b|\bwie oft\b", 2.5),
    ],
    R.PAYMENT: [
        (r"\b(?:charged|billed|debited|paid)\b.{0,20}\b(?:twice|two times|double|again|more than|too much|wrong amount|extra|incorrect|after (?:i )?cancel)", 4),
        (r"\b(?:double|duplicate|extra|unauthori[sz]ed|unknown|pending|unexpected|identical|two|2) (?:charges?|payments?|transactions?|debits?)\b|\bovercharg\w*|\bcharges? (?:of|for) \$?\d[^.]{0,40}\b(?:don'?t|do not|didn'?t) recogni[sz]e|\bcharged \$?\d", 4),
        (r"\bpayment\b|\bpaid\b|\bcharged?\b|\bcharges\b", 1),
        (r"\b(?:card|visa|mastercard|amex|payment method)\b.{0,30}\b(?:expired|declined|rejected)\b|\bchange (?:the|my) (?:card|payment (?:method|card))\b|\b(?:applied|charged) to the wrong\b", 3.5),
        (r"\b(?:payment|card|transaction)\b.{0,20}\b(?:declined|failed|rejected|didn'?t go through|did not go through|not (?:accepted|working|processed)|pending|error)", 3.5),
        (r"\b(?:credit|debit) card\b|\bpaypal\b|\bbank (?:statement|account)\b|\bcard statement\b|\binstal?lments?\b|\bshipping (?:fee|charge|cost)s?\b.{0,30}\b(?:free|charged)\b", 1.5),
        (r"\b(?:promo(?:tion(?:al)?)? code|coupon|voucher|discount)\b.{0,30}\b(?:not|wasn'?t|didn'?t|never|missing)\b|\bgift card\b", 2.5),
        (r"\b(?:doppelt|zweimal|mehrfach|zu viel|falsch)\b.{0,20}\b(?:abgebucht|belastet|berechnet|bezahlt|abgerechnet|eingezogen)|\bin rechnung gestellt\b", 4),
        (r"\b(?:zahlung|karte|kreditkarte)\w*\b.{0,25}\b(?:fehlgeschlagen|abgelehnt|nicht|offen|ausstehend|fehler|abgelaufen)|\b(?:zahlungsart|zahlungsmethode|bezahlmethode)\b|\b(?:identische|doppelte) (?:abbuchung|belastung|zahlung)\w*|\bbelastung\b", 3),
        (r"\b(?:kreditkarte|lastschrift|paypal|abbuchung\w*|abgebucht|belastet|kontoauszug|bankkonto|zahlung|bezahlt|ratenzahlung|versandkosten)\b", 1.5),
        (r"\b(?:gutschein|rabatt(?:code)?|aktionscode|geschenkkarte|geschenkgutschein)\b", 2.5),
    ],
    R.FEEDBACK_COMPLAINT: [
        (r"\b(?:complain\w*|unacceptable|terrible|awful|worst|disappoint\w*|rude|unprofessional|horrible|ridiculous|frustrat\w*|outrage\w*|disgust\w*|appall\w*|pathetic|shameful|incompetent|furious|angry|annoyed|upset|scam)\b", 2.2),
        (r"\b(?:poor|bad|lousy|awful|great|excellent|amazing|fantastic|wonderful|quick|fast) (?:service|support|experience|communication|packaging|seller|customer service)\b", 2),
        (r"\bnever (?:buy|order|shop|purchase)\w* (?:from you|here|again)\b|\b(?:will|i'?ll) (?:not|never) (?:buy|order|shop)\b", 2.5),
        (r"\b(?:feedback|review|compliment|thank you for|thanks for|kudos|well done|suggestion)\b", 1.5),
        (r"\bjust (?:want(?:ed)? to|wanted to) (?:say|let you know|share|tell|point out)\b|\b(?:excessive|wasteful|the environment|never been treated|treated like this|sent me in circles|disconnected me|keeps happening|this is the (?:second|third) time|every single time)\b", 2.5),
        (r"\b(?:driver|courier|delivery (?:guy|person|man)|carrier)\b.{0,30}\b(?:threw|thrown|rude|left it|dropped|tossed)\b", 2.5),
        (rf"\b(?:beschwer\w*|unversch{AE}mt\w*|frechheit|entt{AE}usch\w*|unfreundlich\w*|katastroph\w*|unzumutbar|{AE}rger\w*|zumutung|unm{OE}glich\w*|inakzeptabel|schlecht\w*|miserabel|unprofessionell|abzocke|sauer|w{UE}tend)\b", 2.2),
        (rf"\b(?:r{UE}ckmeldung|weiter so|schade|nervt\w*|{UE}bertrieben|aggressiv\w*|unh{OE}flich\w*|wollte nur sagen|so geht das nicht|jedes mal|st{AE}ndig)\b", 2.2),
        (rf"\b(?:nie wieder|nie mehr) (?:bestell|kauf)\w*|\b(?:lob|bewertung|feedback|kompliment|vielen dank f{UE}r|danke f{UE}r|anregung|verbesserungsvorschlag)\b", 1.5),
        (r"\b(?:fahrer|bote|zusteller|paketbote|kurier)\b.{0,40}\b(?:geworfen|unfreundlich|abgestellt|hingeworfen|abgegeben|aggressiv)", 2.5),
    ],
    R.INVOICE: [
        (r"\binvoices?\b", 4),
        (r"\b(?:receipts?|vat|tax document|proof of purchase|bill of sale|gst|tax id|ein number)\b", 3),
        (r"\brechnung(?:en)?\b(?!.{0,5}gestellt)(?<!auf rechnung)|\b(?:rechnungskopie|firmenrechnung|quittung|kaufbeleg|beleg|mehrwertsteuer|mwst|ust\.?-?id\w*|umsatzsteuer\w*|steuerbeleg|vorsteuer)\b", 4),
    ],
    R.CUSTOMIZATION: [
        (r"\b(?:engrav\w*|perso?n(?:al|l|a)i?[sz]\w*|monogram\w*|embroider\w*|etch\w*|inscri\w*)\b", 5.5),
        (r"\bcustom(?:ized|ised|i[sz]e|i[sz]ation)?\b.{0,15}\b(?:text|name|message|print|design|order|size|made|colou?r|logo|photo|lettering|font|wording)\b|\bcustom-made\b|\bmade[ -]to[ -](?:measure|order)\b|\bbespoke\b", 4),
        (r"\b(?:put|add|print|write|stitch|have|include)\b.{0,20}\b(?:my|our|his|her|their|a|the|your)? ?(?:name|names|initials|logo|photo|date|text|message|wording) (?:on|onto|in|to)\b", 4),
        (r"\binitials\b|\blettering\b|\bfont\b", 2),
        (rf"\b(?:gravur\w*|graviert\w*|gravier\w*|personalisier\w*|individualisier\w*|monogramm\w*|bestick\w*|wunschtext|wunschname\w*|ma{SZ}anfertigung|nach ma{SZ}|sonderanfertigung|beschriftung\w*|beschriften|bedruck\w*|aufdruck\w*|initialen|schriftart|widmung)\b", 5),
        (r"\b(?:namen|name|text|logo|\w+logo|datum|foto)\b.{0,30}\b(?:drauf|darauf|eingraviert|aufgedruckt|aufdrucken|aufsticken|eingravieren|drucken|sticken|gravieren)\b|\b\w*gestickt\w*", 4),
    ],
    R.PRE_ORDER: [
        (r"\bbefore (?:i|we) (?:buy|order|purchase|place|decide|check ?out|commit)\b|\bprior to (?:buying|ordering|purchasing|purchase)\b|\bbefore (?:buying|ordering|purchasing)\b", 5),
        (r"\b(?:if|when|should) (?:i|we) (?:order|buy|purchase|place (?:an|the|my) order)\b", 4),
        (r"\b(?:thinking|considering|planning|interested in|looking|hoping|deciding|want|wanting|would like|going|about|trying) (?:of |about |on |at |to |in )?(?:buying|ordering|purchasing|buy|order|purchase|getting)\b", 3),
        (r"\b(?:in stock|back in stock|out of stock|restock\w*|sold out|availability|available (?:in|for|again|now|to order)|still available|come(?:s)? in (?:other|different|more|a|an|black|white|red|blue|green|pink|grey|gray|size|any)|other colou?rs|other sizes|more colou?rs|next shipment|when will (?:you|it|this) be (?:available|back))\b", 3.5),
        (r"\bdo (?:you|they) (?:ship|deliver|send) (?:to|internationally|overseas|abroad)\b|\bcan (?:you|it) (?:be )?(?:ship|deliver|sen)\w* to (?!my\b)|\bship(?:ping)? to (?:canada|mexico|alaska|hawaii|puerto rico|the uk|europe|australia|germany|japan|po box|apo|fpo)\b", 4),
        (r"\b(?:sold|available) separately\b|\bcan (?:i|we) (?:pay|order|buy|purchase)\b.{0,20}\b(?:with|by|using|in|via|through|on)\b|\bdo you (?:accept|take)\b|\b(?:accepted|available) payment (?:methods|options)\b|\bpayment (?:methods|options)\b", 4),
        (r"\bhow (?:do|can|would) (?:i|we) (?:order|buy|purchase|place an order|get one)\b|\bhow to (?:order|buy|purchase)\b", 4),
        (r"\b(?:bulk|wholesale|volume) (?:order|discount|pricing|price|purchase)s?\b|\bpre-?order\w*\b|\bquote for\b", 3.5),
        (r"\bhow long (?:does|will|would) (?:shipping|delivery|it take to (?:ship|arrive|deliver))\b", 2.5),
        (r"\b(?:haven'?t|have not|not yet|did ?n'?t|didn'?t) (?:yet )?(?:ordered|bought|purchased|buy|order|purchase)\b|\bnot (?:ordered|bought) (?:it )?yet\b", 2),
        (r"\bbevor ich\b.{0,30}\b(?:bestelle|kaufe|bestellen|kaufen|entscheide)\b|\bvor (?:dem|meinem|einem) kauf\b|\bvor der bestellung\b|\bvorab\b", 5),
        (r"\b(?:wenn|falls|sobald) (?:ich|wir) (?:es |das |den |die |ihn |sie )?(?:heute |jetzt |morgen |noch )?(?:bestelle|kaufe|bestellen|kaufen)\b", 4),
        (rf"\b(?:{UE}berlege|plane|m{OE}chte|w{UE}rde|will|wollte|denke dar{UE}ber nach|interessiere mich)\b.{{0,30}}\b(?:zu )?(?:kaufen|bestellen|erwerben|anschaffen)\b|\bkaufinteresse\b", 3),
        (rf"\b(?:auf lager|lieferbar|verf{UE}gbar\w*|vorr{AE}tig|wieder (?:da|verf{UE}gbar|lieferbar|erh{AE}ltlich)|ausverkauft|nachschub|gibt es (?:das|den|die|es|ihn|sie)\b.{{0,15}}\b(?:auch )?(?:in|als|mit)|in anderen (?:farben|gr{OE}{SZ}en))\b", 3.5),
        (rf"\b(?:liefern|versenden|verschicken) sie (?:auch )?(?:nach|in|ins|an)\b|\bversand (?:nach|in die|ins) (?:{OE}sterreich|schweiz|ausland|italien|frankreich|polen|niederlande|luxemburg|belgien)", 4),
        (rf"\bkann (?:ich|man)\b.{{0,25}}\b(?:bezahlen|zahlen)\b|\bakzeptieren sie\b|\bnehmen sie\b.{{0,15}}\b(?:paypal|kreditkarte|rechnung|vorkasse)|\b(?:extra|separat|einzeln) (?:kaufen|bestellen|erh{AE}ltlich)\b|\b(?:zahlungsarten|zahlungsm{OE}glichkeiten)\b", 4),
        (rf"\bwie (?:kann ich|bestelle ich|kaufe ich)\b.{{0,20}}\b(?:bestellen|kaufen|bestelle|kaufe)\b|\bwie (?:kann ich|bestelle ich)\b.{{0,50}}\b(?:bestellen|kaufen)\b|\bwie lange dauert (?:der )?(?:versand|die lieferung|die zustellung)\b|\bauf rechnung (?:kaufen|bestellen|zahlen|bezahlen)\b|\bkauf auf rechnung (?:m{OE}glich|m{OE}glich\?)|\b(?:mengenrabatt|gro{SZ}bestellung|gro{SZ}menge|vorbestell\w*|angebot f{UE}r)\b", 3.5),
    ],
    R.ACCOUNT: [
        (r"\b(?:password|log ?in|logging in|sign ?in|signing in|login|2fa|two[- ](?:factor|step)|verification code|otp|one[- ]time (?:code|password)|locked (?:me )?out)\b", 3.5),
        (r"\bmerge\b.{0,25}\baccounts?\b|\b(?:two|2|multiple|both) accounts\b|\bprime\b|\bfree trial\b", 2.5),
        (r"\b(?:account|profile)\b.{0,20}\b(?:locked|hacked|suspended|closed|compromised|blocked|disabled|deactivated|deleted|on hold|restricted)\b|\b(?:delete|close|deactivate|merge|recover|unlock) (?:my |an |the )?account\b", 5),
        (r"\bmy account\b|\baccount settings\b", 2),
        (r"\b(?:change|update|reset)\b.{0,15}\b(?:my )?(?:email|e-mail|phone number|mobile number|username|user name)\b", 3),
        (r"\bprime (?:membership|subscription|trial|member|video|fee)\b|\bsubscribe and save\b|\bnewsletter\b|\bunsubscribe\b", 3.5),
        (rf"\b(?:passwort|kennwort|anmelden|anmeldung|einloggen|login|log-in|zwei-faktor\w*|best{AE}tigungscode|verifizierungscode|einmalcode)\b", 3.5),
        (rf"\b(?:kundenkonto|benutzerkonto|konto|account)\b.{{0,20}}\b(?:gesperrt|gehackt|geschlossen|l{OE}schen|gel{OE}scht|deaktiviert|eingeschr{AE}nkt|zusammenf{UE}hren)\b", 5),
        (r"\bmein(?:em|en)? (?:kunden|benutzer)?konto\b|\bkontoeinstellungen\b", 2),
        (rf"\b(?:e-?mail-?adresse|telefonnummer|handynummer|benutzername)\b.{{0,20}}\b(?:{AE}ndern|aktualisieren)", 3),
        (rf"\bprime[- ]?(?:mitgliedschaft|abo\w*|probe\w*|geb{UE}hr)|\bnewsletter\b|\babmelden vom\b", 3.5),
        (rf"\b(?:kundenkonten|konten|accounts)\b.{{0,25}}\b(?:zusammenleg|zusammenf{UE}hr)\w*|\bprime\b|\bprobe(?:abo|monat)\w*|\bgek{UE}ndigt\b", 2.5),
    ],
    R.OTHER: [
        (r"\b(?:job|career|hiring|internship|apply for|resume|cv|partnership|advertis\w*|seo|marketing services|collaborat\w*|influencer|sponsor\w*|investment|crypto|lottery|winner|prize|congratulations|click (?:the|this|here)|you(?:'ve| have) (?:been selected|won))\b", 4),
        (rf"\b(?:stellenangebot|bewerbung|praktikum|werbung|kooperation|zusammenarbeit|partnerschaft|gewinnspiel|gewonnen|gl{UE}ckwunsch|klicken sie hier)\b", 4),
    ],
}

JAPANESE: dict[str, list[tuple[str, float]]] = {
    R.WHERE_IS_MY_ORDER: [
        (r"(?:まだ|未だ|いまだ|一向に)[^。]{0,12}(?:届|到着|着|配達|来)", 3),
        (r"まだ発送(?:されて|して)", 1.2),
        (r"届(?:いていない|いてない|いておりません|いていません|かない|きません|かず|いていな)", 3.5),
        (r"(?:到着|配達|配送)(?:していない|しない|しません|されていない|されません|されず|が遅|予定日を過ぎ)", 3),
        (r"配送状況|配達状況|発送状況|配送状態|追跡|お問い合わせ番号|問い合わせ番号|トラッキング|伝票番号", 2.5),
        (r"いつ(?:頃|ごろ)?[^。]{0,8}(?:届|到着|発送|配達|受け取)", 2.5),
        (r"遅れ|遅延|遅すぎ|大幅に遅", 1.5),
        (r"配達(?:済み|完了)」?(?:と|に|の)|受け取っていない|受け取れていない|受け取っておりません|受け取れ(?:ますか|る)", 3),
        (r"(?:輸送中|配送中|発送準備中|移動中|保管中)」?(?:の|と|に)|不在票", 3.5),
        (r"(?:荷物|商品|注文|発送|配送)[^。]{0,25}(?:まだ|状況|どうなって)|届く予定|到着予定", 2.5),
        (r"紛失|行方不明|見つからな", 1.5),
        (r"ヤマト|佐川|日本郵便|ゆうパック|郵便局|配達員", 0.7),
    ],
    R.CANCEL_ORDER: [
        (r"(?:キャンセル|取り消し|取消し?)(?:したい|して|を|お願い|でき|可能|させて|希望|する|ください)|取り消", 3.5),
        (r"キャンセル|取消", 2),
        (r"(?:誤って|間違えて|重複して|二重に)(?:注文|購入)", 2),
    ],
    R.CHANGE_ORDER: [
        (r"(?:住所|お届け先|配送先|届け先|送付先|宛先|サイズ|色|カラー|数量|個数|注文内容|配達日|お届け日|配送方法|郵便番号|部屋番号|番地)[^。]{0,16}(?:変更|修正|訂正|間違|まちが|変え|入れ忘れ|書き忘れ)", 3.5),
        (r"変更(?:したい|できますか|可能|をお願い|して(?:いただ|くださ|ほし))|(?:に|へ)(?:変更|変え)|入れ忘れ|書き忘れ|記入漏れ|発送前に|間に合い|差額|増やす|減らす|追記", 2.5),
        (r"ギフト(?:包装|ラッピング|メッセージ)|のし", 2),
    ],
    R.RETURN_REQUEST: [
        (r"返品|返送|返却|送り返|交換", 3),
        (r"集荷|引き取り", 1),
        (r"サイズが合わ|(?:小さ|大き|きつ|ゆる)すぎ|イメージと(?:違|異)|思っていたのと(?:違|異)|気に入らな", 1.5),
    ],
    R.REFUND: [
        (r"返金|払い戻|払戻|返還|お金を返", 3.5),
        (r"返品した|返送した|お送りした|送り返した|お金(?:の方|は|が)|反映され|(?:カード|口座)に戻", 2),
    ],
    R.DAMAGED_OR_DEFECTIVE: [
        (r"破損|壊れ|こわれ|割れ|ヒビ|ひび|傷|キズ|へこ|凹|潰れ|つぶれ|故障|不良|初期不良|不具合|汚れ|漏れ|欠け|破れ|曲が|変形|カビ|期限切れ|賞味期限|シミ|しみ|膨ら|ちぎれ|ほつれ|外れ|焦げ|異音|異臭|エラー|濡れ|水浸し|発熱|熱くな", 3.5),
        (r"(?:動か|作動し|起動し|点か|つか|入ら|充電(?:でき|され)|使え|反応し|映ら|鳴ら|回ら|電源が入ら|電源がつか)(?:ない|ません|なく|ず)", 3.5),
    ],
    R.WRONG_OR_MISSING_ITEM: [
        (r"(?:違う|別の|間違った|異なる|ちがう)(?:商品|もの|物|サイズ|色|カラー|品|型番|モデル|本)", 4.5),
        (r"(?:注文|頼んだ|購入)(?:した|の)?(?:もの|商品|品)と(?:違|異|ちが)", 4.5),
        (r"間違(?:って|い|えて)[^。]{0,6}(?:届|送|発送|入)|誤配送|誤発送", 4),
        (r"足りな|不足|入っていな|入ってな|入っておりません|入っておらず|入っていません|しか(?:入って|届いて)|欠品|同梱されていな|付属(?:品)?が(?:な|入って|つい)|空(?:っぽ|の箱|の状態)|中身が(?:な|入って|空)", 4),
        (r"注文(?:しました|した|したの)(?:が|のに)[^。]{0,30}(?:届き|届いた|入って|来ま|来た)|(?:ではなく|じゃなくて)[^。]{0,25}(?:届|入って)|他の方の荷物", 4),
        (r"代わりに|ではなく", 1.2),
    ],
    R.PRODUCT_QUESTION: [
        (r"使い方|使用方法|使用法|取り付け|取付|設置方法|組み立て|組立|お手入れ|手入れ|洗濯|洗え|設定方法|接続方法|充電方法|ペアリング", 3),
        (r"対応(?:して|機種|可能)|互換|使えますか|使用できますか|使用可能|装着でき|合いますか|入りますか", 2.5),
        (r"寸法|サイズ(?:は|を教え|感)|重さ|重量|大きさ|長さ|容量|素材|材質|食洗機|電子レンジ|防水|電池|バッテリー|保証|説明書|取扱説明|成分|原材料|アレルギー|日本語(?:対応|表示)|電圧|消費電力", 2),
        (r"(?:でしょうか|ですか|ますか)[?？]?", 0.6),
        (r"必要(?:が)?(?:あります|ある)(?:か|の)|大丈夫(?:でしょうか|ですか|なの)|どっち|どちら(?:でも|が|を)|付けられますか|設定(?:する|できる)の|どのボタン|版はありますか|日本語版|どうやって(?:使|設定|取り付)|何を使えば|正常(?:ですか|でしょうか|なの)", 2.5),
    ],
    R.PAYMENT: [
        (r"(?:二重|2重|二回|2回|重複)[^。]{0,4}(?:請求|引き落と|決済|課金|支払)", 4.5),
        (r"支払い?(?:が|に|で)?[^。]{0,6}(?:でき(?:ない|ません)|失敗|エラー|通らな|完了しな)|決済(?:エラー|でき|が通ら|失敗)|承認されな|払込票|支払い?方法(?:の|を)(?:変更|更新)|一括で|分割(?:払い)?に", 3.5),
        (r"引かれ|引き落とされ|請求(?:されて|され|が来)|請求額|送料[^。]{0,10}(?:請求|かか|取られ)", 2.5),
        (r"クレジットカード|カード(?:明細|会社)|代金引換|代引|コンビニ(?:払い|決済)|引き落とし|引落し|課金|決済|支払", 1.5),
        (r"ポイント|ギフト券|ギフトカード|クーポン|割引", 2.5),
    ],
    R.FEEDBACK_COMPLAINT: [
        (r"苦情|クレーム|不満|対応が(?:悪|ひど|遅|雑)|ひどい|最悪|二度と|失礼|残念|がっかり|不愉快|改善して|ありえな|あり得な|誠意|腹が立|憤", 2.2),
        (r"評価|レビュー|感謝|ありがとうございました|丁寧な対応|素晴らしい|ご意見|要望", 1.5),
        (r"(?:配達員|ドライバー)[^。]{0,40}(?:態度|投げ|置い|失礼|ため息|口調|文句)", 2.5),
        (r"感じが悪|態度|ひどすぎ|一言お伝え|お伝えしたく|ご報告|切断|たらい回し|言うこと(?:が)?違|毎回|何度も", 2.2),
    ],
    R.INVOICE: [
        (r"領収書|領収証|請求書|インボイス|適格請求書|納品書|明細書|宛名|但し書き|登録番号", 5),
    ],
    R.CUSTOMIZATION: [
        (r"名入れ|刻印|彫刻|イニシャル|オーダーメイド|カスタマイズ|カスタム|名前を入れ|文字入れ|文字を入れ|刺繍|特注|オリジナル(?:デザイン|プリント)|名前(?:を|の)(?:印字|プリント|彫)", 5.5),
        (r"(?:名前|電話番号|イニシャル|ロゴ|文字|メッセージ)[^。]{0,12}(?:入れ|プリント|印刷|彫|刺しゅう)|オーダー(?:する|でき|で|メイド)|サイズ指定|丈[^。]{0,6}(?:指定|オーダー)", 4),
    ],
    R.PRE_ORDER: [
        (r"購入前|注文前|買う前|購入を(?:検討|考え)|(?:購入|注文)(?:したいと|しようと|を迷)|検討中|購入予定|注文予定|買おうと|買いたい|購入したい|注文したい|まだ(?:注文|購入)して(?:いません|いない|おりません)", 4.5),
        (r"発売|何日(?:くらい|ほど|ぐらい)?で(?:届|着)|までに届きますか|支払い?に[^。]{0,15}(?:使え|利用でき)|代引き?[^。]{0,12}(?:でき|可能)|別売り", 3.5),
        (r"在庫(?:は|が)?(?:あり|ある|切れ|なし|状況)|再入荷|入荷予定|入荷(?:しますか|は)|取り扱い|販売(?:予定|再開)|品切れ", 3.5),
        (r"(?:今日|本日|今|明日)[^。]{0,4}(?:注文|購入)(?:したら|すれば|すると|した場合)", 4.5),
        (r"支払い?方法|代引き(?:は|で)?(?:でき|可能)|後払い|分割払い(?:は|で)", 3.5),
        (r"海外(?:発送|配送)|(?:発送|配送|お届け)(?:でき|可能)(?:ますか|でしょうか)|離島", 2.5),
        (r"(?:色|カラー|サイズ)違い(?:は|が)?|他の(?:色|カラー|サイズ)|別の(?:色|カラー)(?:は|も)", 3),
        (r"まとめ買い|大量(?:注文|購入)|予約(?:注文|購入|でき)|見積", 3.5),
    ],
    R.ACCOUNT: [
        (r"パスワード|ログイン|サインイン|二段階認証|認証コード|ワンタイム", 3.5),
        (r"アカウント[^。]{0,10}(?:ロック|乗っ取|停止|削除|閉鎖|凍結|ハッキング|不正)|退会|会員登録|登録メールアドレス|メールアドレス(?:を|の)変更", 5),
        (r"アカウント|プライム会員|プライムの|会員", 2.5),
    ],
    R.OTHER: [
        (r"求人|採用|営業のご案内|広告|提携|取材|協業|業務提携|当選|おめでとうございます|こちらのURL", 4),
    ],
}

# The buyer has already bought: a pre-order reading is unlikely.
POST_ORDER_LATIN = [
    r"\b(?:my|our) (?:order|package|parcel|delivery|shipment|purchase|item|items)\b",
    r"\b(?:i|we) (?:just |recently |already )?(?:ordered|bought|purchased|received|got|paid)\b",
    r"\b(?:arrived|delivered|came) (?:today|yesterday|this|last|on)\b|\bit arrived\b|\bwhen it arrived\b",
    r"\b\d{3}-\d{7}-\d{7}\b|\border (?:number|no\.?|#|id)\b",
    r"\b(?:already|had) (?:shipped|arrived|been shipped|been delivered)\b|\bnow that it'?s here\b|\bjetzt ist (?:es|er|sie|das paket) da\b|\b(?:schon|bereits) (?:versandt|verschickt|versendet|angekommen|da)\b|\b(?:abgebucht|belastet)\b",
    r"\bmeine[nmrs]? (?:bestellung|paket|lieferung|sendung|einkauf|kauf)\b|\bbestellnummer\b",
    r"\b(?:ich|wir) (?:habe|haben|hatte|hatten)\b(?:(?!noch nicht|nicht|nichts).){0,40}\b(?:bestellt|gekauft|erhalten|bekommen|bezahlt)\b|\bbestellt (?:habe|hatte)\b|\bist (?:heute|gestern) (?:angekommen|gekommen)\b",
]
POST_ORDER_JAPANESE = [
    r"注文し(?:ました|た(?![らいく]))|購入し(?:ました|た(?![らいく]))|買った|届いた|受け取った|注文番号|届きました|到着しました|注文の|購入品|購入させて|注文済み|注文が|発送済み",
]

# An invoice is asked for (not merely mentioned next to a refund).
INVOICE_REQUEST = [
    r"\b(?:need|send|want|request|get|provide|issue|require|email|download|find|obtain|print|where (?:is|can i find))\b.{0,35}\b(?:invoices?|receipts?|vat)\b",
    r"\b(?:invoice|receipt)\b.{0,20}\b(?:please|for my|for the|with)\b",
    rf"\b(?:rechnung|quittung|beleg)\b.{{0,30}}\b(?:zusenden|schicken|senden|ausstellen|bekommen|erhalten|brauche|ben{OE}tige|bitte|herunterladen|finden)\b|\b(?:brauche|ben{OE}tige|h{AE}tte gern|bitte um)\b.{{0,30}}\b(?:rechnung|quittung|beleg)\b",
    r"(?:領収書|請求書|インボイス|適格請求書|納品書)[^。]{0,12}(?:発行|送|ほしい|欲しい|必要|いただけ|お願い|ください|頂け)",
]

# The buyer chose the wrong thing: not a wrong or missing item sent by the seller.
BUYER_ERROR = [
    r"\b(?:i|we) (?:accidentally |mistakenly )?(?:ordered|bought|picked|chose|selected|purchased|got) the wrong\b|\bmy (?:mistake|fault|bad)\b|\bby mistake\b",
    rf"\bfalsche\w* \w+ (?:bestellt|gekauft|genommen|gew{AE}hlt|ausgew{AE}hlt|erwischt)\b|\bmein fehler\b|\bversehentlich\b",
    r"間違えて(?:注文|購入|選)|(?:色|サイズ|型番|数量)を間違え|私のミス|誤って(?:注文|購入)",
]

# Cues said in the negative ("nothing was damaged"): they take back their reason's evidence.
NEGATED: dict[str, list[tuple[str, float]]] = {
    R.DAMAGED_OR_DEFECTIVE: [
        (rf"\b(?:nothing|not|isn'?t|wasn'?t|weren'?t|nichts|nicht|no) (?:was |is |ist |war |wurde )?(?:damaged|broken|besch{AE}digt|kaputt)\b|壊れていな|破損していな|破損はありません", 3.5),
        # "The tracking number doesn't work" is no defect of the product.
        (r"\b(?:tracking|link|code|coupon|promo|voucher|gift card|website|site|page|app|password|number|sendungsnummer|trackingnummer|gutschein|seite|link|passwort|code)\b.{0,20}\b(?:doesn'?t|does not|won'?t|isn'?t|is not|not|funktioniert nicht|geht nicht)\b", 3.5),
        (r"(?:荷物|配送|輸送|追跡|状況|番号|リンク|クーポン)[^。]{0,12}(?:動かな|使えな)", 3.5),
    ],
}

# An invoice as a way to pay ("Kauf auf Rechnung"), or explicitly not wanted.
INVOICE_NOT_REQUESTED = [
    r"\b(?:don'?t|do not|no) need (?:another|a new|an?|the) (?:receipt|invoice)\b",
    r"\b(?:kauf|kaufen|zahlung|zahlen|bezahlen|bestellen) auf rechnung\b|\bauf rechnung (?:kaufen|bestellen|zahlen|bezahlen)\b|\bbrauche keine (?:neue )?rechnung\b",
    r"(?:領収書|請求書)(?:は|が)?(?:不要|いりません|必要ありません)",
]
