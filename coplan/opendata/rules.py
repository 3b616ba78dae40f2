import rules

from coplan.accounts.rules import is_administrator, is_analyst

# The open-government team publishes data sets; analysts follow the builds.
rules.add_perm("opendata.publish", is_administrator)
rules.add_perm("opendata.view_staff", is_administrator | is_analyst)
