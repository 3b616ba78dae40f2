"""Helpers shared by this app's test modules (a test module never imports another)."""

from __future__ import annotations

NOTES = (
    "Table or topic,Facilitator,Text,Date\n"
    "Health data,Hélène Tremblay,People want hospital wait times published every week.,2017-11-20\n"
    "Données ouvertes,Marc Roy,"
    "Les participants veulent des données sur les contrats publics.,2018-01-10\n"
    ",,,\n"
    "Budget,Ann Lee,,2018-01-10\n"
    "Budget,Ann Lee,Publish the budget data as open data please.,not a date\n"
)
