"""Intake: buyer contacts on every channel (phone, chat, web form, API single
and batch, email, seller transfer) become tickets exactly once, classified and
routed. ``contacts`` (what intake receives), ``routing`` (where it goes),
``services/`` (the writes), ``email_parsing/`` (RFC 5322 mail), and the
buyer pages (``views``, ``forms``, ``urls``)."""
