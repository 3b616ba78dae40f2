from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from coplan.accounts import views as accounts_views
from coplan.core import views as core_views

# Language-neutral endpoints: health checks and the public API.
urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("api/", include("coplan.opendata.api_urls")),
]

# Every page a person reads lives under /en/ or /fr/. Staff pages have /staff/ in their path.
urlpatterns += i18n_patterns(
    path("", include("coplan.processes.urls")),
    path("account/", include("coplan.accounts.urls")),
    path("account/two-step/passkeys/", include("coplan.accounts.passkey_urls")),
    path("privacy/", include("coplan.privacy.urls")),
    path("participate/", include("coplan.contributions.urls")),
    path("staff/moderation/", include("coplan.moderation.urls")),
    path("staff/intake/", include("coplan.intake.urls")),
    path("questionnaires/", include("coplan.surveys.urls")),
    path("events/", include("coplan.events.urls")),
    path("commitments/", include("coplan.commitments.urls")),
    path("plans/", include("coplan.plans.urls")),
    path("analysis/", include("coplan.analysis.urls")),
    path("open-data/", include("coplan.opendata.urls")),
    path("subscriptions/", include("coplan.notifications.urls")),
    path("forum/", include("coplan.forum.urls")),
    path("staff/progress/", include("coplan.core.urls")),
    path("staff/", include("coplan.backoffice.urls")),
    # The admin has no password form of its own (it would bypass the site's sign-in limits):
    # its login URL, where it sends strangers, leads to the site's sign-in.
    path("admin/login/", accounts_views.admin_sign_in, name="admin_login"),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

handler400 = "coplan.core.views.bad_request"
handler403 = "coplan.core.views.permission_denied"
handler404 = "coplan.core.views.page_not_found"
handler500 = "coplan.core.views.server_error"
