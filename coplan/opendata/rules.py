import rules

from coplan.accounts.rules import is_administrator, is_analyst

# The open-government team publishes data sets; analysts follow the builds.
rules.add_perm("opendata.publish", is_administrator)
rules.add_perm("opendata.view_staff", is_administrator | is_analyst)

# The administration shows versions and files read-only; administrators may remove a failed
# version (the admin refuses any other).
for _model in ("datasetversion", "datasetfile"):
    rules.add_perm(f"opendata.view_{_model}", is_administrator)
rules.add_perm("opendata.delete_datasetversion", is_administrator)
