"""The seller case log: cases with their reply deadlines, seller replies,
reminders, the sweep and CSBA's automatic resolution (``auto_resolution/``),
SAFE-T claims, the emails to sellers (``services/``), and the seller's portal
pages (``selectors``, ``views``, ``forms``, ``urls``)."""
