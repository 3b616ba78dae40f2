"""Date, time and number formats of the site, the Canada.ca way (FORMAT_MODULE_PATH).

Tables write dates as YYYY-MM-DD in both languages; prose writes "July 1, 2018" and
« 1er juillet 2018 »; French times are on the 24-hour clock as « 18 h 30 ». What a format string
cannot say (« 1er », « 18 h » without « 00 ») is done by ``coplan.core.dates``.
"""
