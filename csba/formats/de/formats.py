"""German formats of the project (see csba/formats/en/formats.py)."""

WHEN_FORMAT = "d.m.Y, H:i T"
WHEN_SHORT_FORMAT = "d.m.Y, H:i"
DAY_FORMAT = "d.m.Y"
MONTH_FORMAT = "M Y"
TIME_OF_DAY_FORMAT = "H:i"
CURRENCY_FORMAT = "{amount} {symbol}"
