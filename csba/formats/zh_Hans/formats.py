"""Simplified Chinese formats of the project (see csba/formats/en/formats.py)."""

WHEN_FORMAT = "Y年n月j日 H:i T"
WHEN_SHORT_FORMAT = "Y/m/d H:i"
DAY_FORMAT = "Y年n月j日"
MONTH_FORMAT = "Y年n月"
TIME_OF_DAY_FORMAT = "H:i"
CURRENCY_FORMAT = "{symbol}{amount}"
# Django's zh_Hans data groups by four digits with no separator ("¥3500");
# Chinese prices and counts are written with a comma every three digits ("¥3,500").
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
