import rules

from coplan.accounts.rules import is_administrator

# The team sees subscribers (counts and states), announcements and deliveries in the admin.
rules.add_perm("notifications", is_administrator)
for model in ("subscriber", "announcement", "delivery"):
    rules.add_perm(f"notifications.view_{model}", is_administrator)
rules.add_perm("notifications.change_announcement", is_administrator)
