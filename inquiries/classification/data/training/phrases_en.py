"""English training phrases: per reason, verb phrases (``act``: what the buyer
wants to do, fitted into request frames), noun phrases (``topic``: what the
message is about) and whole statements (``say``). Slots: {order}, {item},
{amt}, {name}, {when}, {place}, {method}, {plan}, {carrier}. Written for this
project (2026-12-04), separately from the blind split."""

# Frames around an act: "{a}" is the bare verb phrase, "{g}" its -ing form.
ACT_FRAMES = [
    "{a}", "I want to {a}", "I'd like to {a}", "I need to {a}", "how do I {a}", "how can I {a}", "how to {a}",
    "where can I {a}", "can you help me {a}", "help me {a}", "I need help to {a}", "is it possible to {a}",
    "I don't know how to {a}", "I'm trying to {a}", "could you tell me how to {a}", "tell me how to {a}",
    "can I {a}", "I have to {a}", "what do I do to {a}", "would like to {a}", "wanna {a}", "pls {a}",
    "I would like to {a}", "could you {a} for me", "please help me {a}", "I need assistance to {a}",
    "what's the procedure to {a}", "i want 2 {a}", "need to {a} asap", "where do I go to {a}",
    "I need help {g}", "help with {g}", "can you assist me with {g}", "I have a question about {g}",
    "I'm having trouble {g}", "any info on {g}?", "I need some help {g} please", "question re {g}",
    "I've got to {a}", "I gotta {a}", "I am looking for a way to {a}", "show me how to {a}",
]
TOPIC_FRAMES = [
    "{t}", "{t}?", "question about {t}", "I have a question about {t}", "info about {t} please",
    "I need information about {t}", "help with {t}", "can you help me with {t}", "I want to know about {t}",
    "where can I find {t}", "what about {t}", "tell me about {t}", "I'm asking about {t}", "{t} pls",
    "looking for {t}", "need info on {t}", "can I get info on {t}", "regarding {t}", "re: {t}",
]

EN = {
    "where_is_my_order": {
        "act": [
            "track my order", "track order {order}", "check the status of my order", "find out where my package is",
            "see the ETA of my order", "check when my order will arrive", "know when my parcel gets here",
            "check the delivery status of {order}", "locate my shipment", "find my parcel", "follow my delivery",
            "see if my order has shipped", "get the tracking number for my order", "check where order {order} is",
            "find out why my order is late", "know the arrival date of my purchase", "check on my delivery",
            "see the progress of my shipment", "know what happened to my package", "get an update on my order",
        ],
        "topic": [
            "my order's delivery status", "the tracking of order {order}", "the ETA of my order", "a late delivery",
            "my missing parcel", "the status of my shipment", "order {order} not arriving", "my package location",
            "the expected delivery date of my order", "my delayed package", "the tracking info for my purchase",
        ],
        "say": [
            "my order hasn't arrived", "I still haven't received my {item}", "package not delivered yet",
            "tracking hasn't moved since {when}", "order {order} should have been here {when}",
            "it's been two weeks and no parcel", "the {carrier} tracking says delivered but I got nothing",
            "my order is late", "nothing has arrived yet", "where is my order", "where's my package",
            "when will my order arrive", "when is my order coming", "is my order on its way?",
            "has order {order} shipped", "still waiting for my {item}", "my parcel seems lost in transit",
            "the delivery date has passed", "shipment stuck at the depot for days", "order not recieved",
            "I ordered {item} {when} and it's not here", "my package is missing", "ETA on my order?",
            "when do I get my stuff", "the tracking link doesn't work for {order}", "no delivery yet",
            "my order says dispatched but never came", "why hasn't my order shipped yet",
            "it says out for delivery since yesterday", "the parcel was returned to sender, where is it now",
            "courier never showed up", "how long until my order {order} gets here", "status of my order please",
        ],
    },
    "cancel_order": {
        "act": [
            "cancel my order", "cancel order {order}", "cancel a purchase", "cancel the {item} I ordered",
            "call off my order", "stop my order from shipping", "cancel what I bought {when}",
            "check the cancellation fee", "know if there's a cancellation penalty", "cancel an order I just placed",
            "withdraw my order", "get my order cancelled", "cancel one item of my order", "cancel purchase {order}",
            "see the cancellation charges", "cancel before it ships", "scrap my order", "undo my purchase",
        ],
        "topic": [
            "cancelling order {order}", "an order cancellation", "the cancellation fees", "cancelling my purchase",
            "the cancellation policy for orders", "early cancellation charges", "cancellation of my {item} order",
        ],
        "say": [
            "please cancel my order", "cancel order {order} please", "I don't want the {item} anymore, cancel it",
            "I ordered the same thing twice, cancel one", "ordered by mistake, please cancel",
            "I found it cheaper, cancel my order", "don't send order {order}", "I want to cancel",
            "cancel it, it's taking too long", "I changed my mind, cancel the order", "is it too late to cancel?",
            "my order hasn't shipped yet so I'd like to cancel it", "stop the shipment and cancel",
            "cancel the order I made {when}", "no longer need it, cancel pls", "cancell my ordr",
            "is there a fee to cancel an order?", "will I be charged if I cancel?",
            "I'd like to cancel my purchase before it's dispatched", "cancel everything I ordered today",
        ],
    },
    "change_order": {
        "act": [
            "change my order", "modify order {order}", "edit my purchase", "add an item to my order",
            "remove a product from order {order}", "change the shipping address", "update the delivery address on my order",
            "set up a new shipping address for my order", "correct the address on order {order}",
            "change the size in my order", "switch the colour of the {item} I ordered", "change the quantity of my order",
            "change my delivery address", "update my order", "add a second {item} to order {order}",
            "change the delivery date of my order", "send my order to a different address", "fix the address on my order",
            "upgrade my order to express shipping", "change the recipient of my order", "set a different shipping address",
        ],
        "topic": [
            "a change to my order", "my shipping address", "the delivery address of order {order}",
            "changing my order", "the address on my order", "modifying order {order}", "editing my purchase",
            "a wrong shipping address on my order", "changing the shipping address", "a new delivery address",
        ],
        "say": [
            "I put the wrong address on my order", "please ship order {order} to {place} instead",
            "I need a different size in my order", "can my order go to my work address",
            "the postcode on my order is wrong", "please add one more {item} to my order",
            "I moved, my order needs to go to the new address", "wrong shipping adress on order {order}",
            "change the colour on my order to black pls", "I want 3 instead of 2 in my order",
            "please take the {item} off my order", "deliver my order to the pickup point instead",
            "I forgot the apartment number in the address", "can you change the name on my order to {name}",
            "my order has my old address", "please update order {order}, wrong street name",
        ],
    },
    "return_request": {
        "act": [
            "return an item", "return the {item}", "send back my order", "get a return label", "start a return",
            "exchange the {item} for another size", "return order {order}", "send the {item} back", "make a return",
            "check the return policy", "return something I bought {when}", "arrange a return pickup",
            "print a return label", "swap it for a different colour", "return part of my order",
        ],
        "topic": [
            "returning an item", "the return policy", "return shipping costs", "a return label for order {order}",
            "an exchange", "the return window", "returns", "sending the {item} back",
        ],
        "say": [
            "I want to return this", "the {item} doesn't fit, I'd like to return it", "I need to send it back",
            "how long do I have to return it", "it's not what I expected, return please", "return label please",
            "I want an exchange for a bigger size", "can I return it even though I opened it",
            "the return label you sent doesn't scan", "I don't like the colour, sending it back",
            "i want to retrun my order", "who pays the postage for a return", "where do I send the return",
        ],
    },
    "refund": {
        "act": [
            "get a refund", "get my money back", "check the status of my refund", "track my refund",
            "check the refund policy", "see your money back guarantee", "request a refund for order {order}",
            "know when my refund arrives", "get reimbursed", "claim a refund", "check if my refund was processed",
            "get a refund for the {item}", "receive my refund", "get the rest of my refund",
        ],
        "topic": [
            "my refund", "the refund policy", "a refund for order {order}", "refund status", "my reimbursement",
            "the money back policy", "a refund of {amt}", "a partial refund", "refund conditions",
        ],
        "say": [
            "where is my refund", "I returned the {item} and haven't been refunded", "still waiting for my refund",
            "I want my money back", "refund not received", "my refund of {amt} hasn't come through",
            "you refunded the wrong amount", "the refund went to my old card", "when do I get my money back",
            "I was promised a refund {when}", "the return arrived at your warehouse, where's the refund",
            "I'd like a refund please", "refund me", "how long does a refund take", "can I get a refund?",
            "i havent recieved my refund", "refund hasn't hit my account", "my money hasn't been returned",
        ],
    },
    "damaged_or_defective": {
        "say": [
            "the {item} arrived broken", "my {item} is damaged", "it doesn't work", "it stopped working {when}",
            "the screen is cracked", "item arrived damaged, I want a refund", "the {item} is defective",
            "it won't charge", "the handle snapped off", "the box was crushed and the item is dented",
            "it was broken when I opened it", "the glass shattered in transit", "it makes a weird noise and stops",
            "the {item} leaks", "faulty item, please replace", "the motor burned out after a week",
            "there's a crack in the bowl", "it arrived scratched", "broken on arrival", "it's faulty",
            "the zip broke", "my {item} won't switch on", "the seams ripped after one use", "it overheats",
            "the {item} is broken, I want to return it", "the buttons don't respond", "half the lights don't work",
            "the {item} came damaged, can I get a replacement", "the product is defective, refund please",
        ],
    },
    "wrong_or_missing_item": {
        "say": [
            "I received the wrong item", "you sent the wrong size", "an item is missing from my order",
            "the box was empty", "I got someone else's order", "the {item} was not in the package",
            "there are parts missing", "I ordered two and got one", "wrong colour delivered",
            "this is not the product I ordered", "the accessories are missing", "the order is incomplete",
            "I received a different model", "my order {order} is missing an item", "I got the wrong {item}",
            "the package contained the wrong thing", "missing screws", "only part of my order arrived",
            "wrong item sent, I want a refund", "the {item} is missing from my delivery", "got the wrong product",
            "received item doesn't match the listing, I ordered something else",
        ],
    },
    "product_question": {
        "say": [
            "is the {item} waterproof", "what size is the {item}", "does it come with a charger",
            "is this compatible with my phone", "what material is it made of", "how heavy is the {item}",
            "is it machine washable", "does it need batteries", "what are the dimensions",
            "can I use the {item} outside", "does the {item} have a warranty", "is it suitable for children",
            "what voltage does it use", "how long is the cable", "does it fit a {item}", "is it made of plastic",
            "what colours does the {item} have", "is it easy to clean", "how many people does it serve",
            "is it vegan", "does this model have wifi", "can it go in the oven", "how much does it hold",
        ],
    },
    "payment": {
        "act": [
            "report a payment problem", "fix a failed payment", "sort out a double charge", "dispute a charge",
            "get help with a declined card", "solve a payment issue", "report an unknown charge",
            "fix a problem paying for my order", "get a duplicate charge reversed", "check why my payment failed",
            "report a payment error", "get help with a payment that didn't go through",
        ],
        "topic": [
            "a payment issue", "a double charge", "a failed payment", "my card being declined",
            "an unknown charge of {amt}", "problems paying", "a payment error", "a charge I don't recognise",
            "being charged twice for order {order}", "a payment that went through twice",
        ],
        "say": [
            "I was charged twice for order {order}", "my payment failed", "my card was declined",
            "you took {amt} from my account", "there's a charge I don't recognise", "payment didn't go through",
            "the payment is pending for days", "I was charged but the order was cancelled",
            "I got billed more than the price", "my coupon wasn't applied at payment", "paymnet error",
            "I can't pay, the checkout gives an error", "my {method} payment was taken twice",
            "I paid but the order says unpaid", "charged {amt} extra", "bank says the payment was refused",
            "i have a problem with a payment", "why was my card charged again", "payment issue with my order",
        ],
    },
    "feedback_complaint": {
        "act": [
            "leave a review", "write a review for the seller", "give feedback", "file a complaint",
            "make a complaint", "lodge a complaint against your service", "report bad service",
            "rate my experience", "submit feedback on my order", "complain about the courier",
            "send a complaint", "give some feedback about your website", "write a review of the {item}",
            "leave a comment about your service", "review my purchase",
        ],
        "topic": [
            "a complaint", "feedback", "a review", "the awful service", "a rude driver", "your bad customer service",
            "my experience with your company", "a complaint about an agent", "leaving a review",
        ],
        "say": [
            "your service is terrible", "the courier was rude", "I'm very unhappy with how I was treated",
            "I want to complain", "worst customer service ever", "great service, thank you!",
            "I'm disappointed with your company", "the agent was unhelpful and hung up", "this is unacceptable",
            "your delivery driver left the parcel in the rain", "I want to make a formal complaint",
            "nobody answers my emails, this is ridiculous", "the packaging is way too much plastic",
            "just wanted to say you did a great job", "your website is confusing", "I'm fed up with your service",
            "the seller was rude to me", "compliment for {name}, very helpful",
        ],
    },
    "invoice": {
        "act": [
            "get an invoice", "download my invoice", "check my invoice", "see the invoice for order {order}",
            "get a copy of my bill", "find my bill", "request a receipt", "correct my invoice",
            "get a VAT invoice", "get an invoice with my company name", "see my bills", "get a receipt for {amt}",
            "check the invoice of my last purchase", "have the invoice reissued", "find my invoices",
        ],
        "topic": [
            "my invoice", "invoice {order}", "my bill", "a receipt", "the invoice for {order}", "a VAT invoice",
            "a copy of my invoice", "a corrected invoice", "tax invoice",
        ],
        "say": [
            "please send me an invoice", "I need the invoice for order {order}", "the invoice has the wrong address",
            "my receipt wasn't in the box", "can you add my VAT number to the invoice", "invoice please",
            "I need a receipt for my expenses", "the invoice amount is wrong", "please issue the invoice to my company",
            "I didn't get an invoice", "can I have a copy of the bill", "send the invoice to {name}",
            "need an invoce", "my accountant needs an invoice",
        ],
    },
    "customization": {
        "act": [
            "engrave a name on the {item}", "personalise the {item}", "add a logo to the {item}",
            "get a custom size", "add my initials", "print a photo on the {item}", "change the engraving text",
            "order a custom design", "add a message to the {item}", "embroider a name",
        ],
        "topic": [
            "engraving", "personalisation options", "a custom size", "custom printing", "monogramming",
            "a personalised {item}", "the engraving on my order",
        ],
        "say": [
            "can you engrave '{name}' on it", "I want my logo printed on the {item}", "please add the initials {name}",
            "I need it in a custom length", "can the {item} be personalised", "can you embroider our team name",
            "please change the engraving on my order", "can I send you my own design",
        ],
    },
    "pre_order": {
        "act": [
            "see the delivery options", "check how long delivery takes", "know the shipping time to {place}",
            "check the payment methods", "pay with {method}", "place an order", "buy the {item}",
            "order a {item}", "purchase the {item}", "find out if the {item} is in stock",
            "know when the {item} is back in stock", "check the shipping costs to {place}", "check the delivery period",
            "see which payment options you accept", "buy as a guest", "order in bulk", "make a purchase",
            "check if you deliver to {place}", "pre-order the {item}", "choose express delivery",
            "know the delivery time before ordering", "get the {item} delivered by {when}", "buy something",
        ],
        "topic": [
            "delivery options", "shipping methods", "the delivery period", "accepted payment methods",
            "payment options", "the shipping costs to {place}", "stock of the {item}", "how to order",
            "delivery times", "international shipping", "available shipping options", "payment with {method}",
            "buying the {item}", "placing an order", "restocking of the {item}", "bulk discounts",
        ],
        "say": [
            "do you accept {method}", "do you ship to {place}", "how long does delivery take",
            "is the {item} in stock", "when will the {item} be available", "can I pay with {method}",
            "if I order today when would it arrive", "what payment methods are there", "how much is shipping",
            "do you offer next day delivery", "can I order without an account", "is there free delivery",
            "how do I buy this", "I want to buy the {item}", "what are the shipping options",
            "can I pay in installments", "do you have the {item} in large", "is cash on delivery possible",
            "how long is shipping to {place}", "how do I place an order", "what delivery methods do you offer",
        ],
    },
    "account": {
        "act": [
            "create an account", "open an account", "sign up", "register", "delete my account", "close my account",
            "remove my profile", "edit my account", "update my account details", "change the email on my account",
            "switch to a {plan} account", "change my account type", "upgrade my account to {plan}",
            "recover my password", "reset my password", "retrieve my password", "log in", "unlock my account",
            "subscribe to the newsletter", "unsubscribe from the newsletter", "cancel my newsletter subscription",
            "report a problem with signing up", "fix a registration error", "change my username",
            "change my password", "update my profile", "get back into my account", "verify my account",
            "switch accounts", "merge my two accounts", "deactivate my account", "set up a new account",
            "stop the marketing emails", "change my phone number on my account", "sign in",
        ],
        "topic": [
            "registration problems", "a sign-up error", "my lost password", "the newsletter", "my user account",
            "login trouble", "account deletion", "my profile", "a {plan} account", "password recovery",
            "newsletter subscription", "a locked account", "two factor authentication", "account settings",
        ],
        "say": [
            "I can't log in", "I forgot my password", "my account is locked", "the password reset email never came",
            "I can't sign up", "registration keeps failing", "I want to delete my account", "someone hacked my account",
            "it says my email is already registered", "the verification code doesn't arrive",
            "I forgot my pasword", "cant log into my acct", "my acount got blocked", "I lost access to my account",
            "sign up page gives an error", "please remove me from your mailing list", "I don't get the login code",
            "I want to switch from {plan} to free", "my username is wrong", "i cant reset my pw",
        ],
    },
    "other": {
        "act": [
            "speak to a human", "talk to a real person", "contact customer service", "reach an agent",
            "call customer support", "get a live agent", "chat with someone from your team",
            "find your customer service hours", "find the support phone number", "speak with customer service",
            "talk to an agent", "contact a human agent", "get someone to call me", "email customer support",
            "reach your help desk", "speak to a supervisor", "find out your opening hours",
        ],
        "topic": [
            "customer service", "a human agent", "your support hours", "the phone number of customer support",
            "your contact details", "the customer service email", "live chat",
        ],
        "say": [
            "I want a human", "let me speak to someone", "is anyone there", "agent please", "thank you",
            "hello", "good morning", "thanks for your help", "you have won a prize, click the link",
            "we offer SEO services for your shop", "I'm applying for the warehouse job", "test",
            "are you open on sundays", "what is your phone number", "how can I contact you",
            "I'd like to sell my products on your site", "your account will be suspended unless you confirm here",
            "ok thanks bye", "can I speak to your manager", "is this a real person", "??", "hi there",
            "do you have a customer service number", "I need to talk to someone",
        ],
    },
}

# Context said before the request: a contact after purchase, or before it.
AFTER_PURCHASE = [
    "I ordered {item} {when}.", "My order number is {order}.", "I bought a {item} from you {when}.",
    "Order {order}:", "Re order {order} -", "I placed an order {when}.", "about my order {order},",
]
BEFORE_PURCHASE = [
    "I'm thinking about buying the {item}.", "I haven't ordered yet.", "Before I order:",
    "I'm interested in the {item}.", "Planning to buy a {item}.",
]
OPENERS = ["", "", "", "", "Hi, ", "Hello, ", "hey ", "Good afternoon. ", "Dear customer service, ", "Hi {name} here. ",
           "Hello team, ", "Excuse me, ", "yo ", "Hi, this is {name}. "]
CLOSERS = ["", "", "", "", " Thanks", " thank you!", " thx", " Regards, {name}", " Please help.", " asap",
           " Best, {name}", " Cheers", " ty", " Many thanks in advance."]

# Terse and shorthand requests, as typed into a chat box or a subject line.
TERSE = {
    "where_is_my_order": ["order status?", "shipping status {order}", "wheres my order at", "pkg not here yet",
                          "expected delivery date?", "ETA?", "my order still says processing", "is it shipped yet",
                          "hasn't come", "when will it be delivered", "I was supposed to get it {when}", "tracking?",
                          "late order", "delivery status pls", "order not arrived"],
    "cancel_order": ["cancel", "cancel pls", "cancel {order}", "I no longer want this order", "can I stop the order",
                     "cancel request", "order cancellation", "pls cancel asap", "cancelation fee?"],
    "change_order": ["change address", "wrong address", "edit order", "add item to order", "change qty",
                     "address correction {order}", "diff shipping address pls", "change delivery address"],
    "return_request": ["return", "return label?", "how to return", "exchange?", "return policy?", "send back"],
    "refund": ["refund?", "refund status", "money back?", "refund policy?", "refund pls", "reimbursement?"],
    "damaged_or_defective": ["broken", "damaged item", "defective", "not working", "arrived broken {order}"],
    "wrong_or_missing_item": ["wrong item", "missing item", "item missing {order}", "wrong size sent", "incomplete order"],
    "product_question": ["waterproof?", "size?", "material?", "compatible with ipad?", "dimensions?", "battery life?"],
    "payment": ["payment failed", "charged 2x", "card declined", "double charged", "payment error",
                "payment problem {order}", "unauthorised charge", "payment not going thru"],
    "feedback_complaint": ["complaint", "review", "feedback", "bad experience", "rude staff", "thanks, great job"],
    "invoice": ["invoice", "receipt?", "bill for order {order}", "copy of invoice", "VAT invoice pls", "invoice {order}"],
    "customization": ["engraving?", "personalised?", "custom logo", "add name to item"],
    "pre_order": ["shipping options?", "delivery time?", "payment options?", "do u take visa", "how to buy",
                  "in stock?", "restock date?", "delivery to {place}?", "shipping cost?", "how to order",
                  "delivery options", "payment methods", "pay with {method}?", "ship internationally?"],
    "account": ["pw reset", "login problem", "new account", "delete acct", "sign up help", "registration problem",
                "can't access account", "unsubscribe", "newsletter", "change my email", "my profile is wrong",
                "forgot pw", "locked out", "2fa not working", "account hacked"],
    "other": ["human", "customer service", "representative please", "operator", "live chat?", "contact info",
              "opening hours?", "real person pls", "agent", "call me"],
}
for _reason, _lines in TERSE.items():
    EN[_reason]["say"] = EN[_reason]["say"] + _lines
