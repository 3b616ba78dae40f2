from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from . import services
from .models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(TranslationAdmin):
    list_display = ["name", "acronym", "kind"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_fr", "acronym_en", "acronym_fr"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "organisation", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "groups"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["display_name", "preferred_language", "organisation"]}),
        (_("Roles"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    actions = ["reset_two_step_sign_in", "send_two_step_set_up_link"]

    @admin.action(
        description=_("Reset two-step sign-in (they set up a new app at their next sign-in)"),
        permissions=["change"],
    )
    def reset_two_step_sign_in(self, request, queryset) -> None:
        for user in queryset:
            services.mfa_reset(user=user)
        self.message_user(
            request,
            ngettext(
                "Two-step sign-in was reset for %(count)d account.",
                "Two-step sign-in was reset for %(count)d accounts.",
                len(queryset),
            )
            % {"count": len(queryset)},
        )

    @admin.action(
        description=_("Send a two-step set-up link (to each account’s own address)"),
        permissions=["change"],
    )
    def send_two_step_set_up_link(self, request, queryset) -> None:
        # An invitation goes to the account's address, never to the administrator: only the
        # owner, signed in with their password, can use it.
        users = list(queryset.filter(is_active=True))
        for user in users:
            services.mfa_enrol_link_request(user=user, language=user.preferred_language)
        self.message_user(
            request,
            ngettext(
                "A two-step set-up link was sent to %(count)d account.",
                "A two-step set-up link was sent to %(count)d accounts.",
                len(users),
            )
            % {"count": len(users)},
        )
