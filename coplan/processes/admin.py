from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import Opportunity, Phase, Process, StaticPage
from .services import opportunity_status_set


class PhaseInline(TranslationTabularInline):
    model = Phase
    extra = 0
    fields = ["position", "kind", "name", "starts_on", "ends_on", "dates_label", "purpose"]


@admin.register(Process)
class ProcessAdmin(TranslationAdmin):
    list_display = ["title", "status", "starts_on", "ends_on"]
    list_filter = ["status"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [PhaseInline]


class OpportunityInline(TranslationTabularInline):
    model = Opportunity
    extra = 0
    fields = ["position", "slug", "kind", "title", "status", "opens_at", "closes_at"]
    # A status changes only through the opportunity's own page below (opportunity_status_set),
    # so that every change is recorded and announced.
    readonly_fields = ["status"]


@admin.register(Phase)
class PhaseAdmin(TranslationAdmin):
    list_display = ["name", "process", "position", "starts_on", "ends_on"]
    list_filter = ["process"]
    inlines = [OpportunityInline]


class OpportunityAdminForm(forms.ModelForm):
    class Meta:
        model = Opportunity
        fields = "__all__"  # noqa: DJ007 - the admin lists its fields itself

    def clean_status(self) -> str:
        status = self.cleaned_data["status"]
        current = self.instance.status if self.instance.pk else Opportunity.Status.ANNOUNCED
        if status != current and status not in Opportunity.TRANSITIONS.get(current, frozenset()):
            raise forms.ValidationError(
                _("An opportunity cannot go from “%(current)s” to “%(new)s”.")
                % {
                    "current": Opportunity.Status(current).label,
                    "new": Opportunity.Status(status).label,
                }
            )
        return status


@admin.register(Opportunity)
class OpportunityAdmin(TranslationAdmin):
    form = OpportunityAdminForm
    list_display = ["title", "phase", "kind", "status", "opens_at", "closes_at"]
    list_filter = ["kind", "status", "phase__process"]

    def save_model(self, request, obj: Opportunity, form, change: bool) -> None:
        """Save the other fields, then change the status through the service (recorded and
        announced like the scheduler's and the staff pages' changes)."""
        wanted = obj.status
        obj.status = form.initial.get("status") if change else Opportunity.Status.ANNOUNCED
        super().save_model(request, obj, form, change)
        opportunity_status_set(opportunity=obj, status=wanted)


@admin.register(StaticPage)
class StaticPageAdmin(TranslationAdmin):
    list_display = ["title", "slug", "updated_at"]
