"""English formats of the project (Django reads them first, then its own;
FORMAT_MODULE_PATH). WHEN_* and DAY_* are the project's names for a moment
and a day shown to a person (``csba.formatting``); the zone is the viewer's."""

WHEN_FORMAT = "M j, Y, g:i A T"
WHEN_SHORT_FORMAT = "M j, Y, g:i A"
DAY_FORMAT = "M j, Y"
MONTH_FORMAT = "M Y"
TIME_OF_DAY_FORMAT = "g:i A"
# Where the currency symbol goes.
CURRENCY_FORMAT = "{symbol}{amount}"
