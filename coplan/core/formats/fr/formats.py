"""French (Canada), as the Translation Bureau writes it: « 1er juillet 2018 » (the « er » is added
by ``coplan.core.dates``), « 18 h 30 » on the 24-hour clock with non-breaking spaces, tables
« 2018-07-01 », thousands separated by a non-breaking space, decimal comma."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "G\xa0\\h\xa0i"
DATETIME_FORMAT = "j F Y à G\xa0\\h\xa0i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d G\xa0\\h\xa0i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
