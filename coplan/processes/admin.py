from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import Opportunity, Phase, Process, StaticPage


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


@admin.register(Phase)
class PhaseAdmin(TranslationAdmin):
    list_display = ["name", "process", "position", "starts_on", "ends_on"]
    list_filter = ["process"]
    inlines = [OpportunityInline]


@admin.register(Opportunity)
class OpportunityAdmin(TranslationAdmin):
    list_display = ["title", "phase", "kind", "status", "opens_at", "closes_at"]
    list_filter = ["kind", "status", "phase__process"]


@admin.register(StaticPage)
class StaticPageAdmin(TranslationAdmin):
    list_display = ["title", "slug", "updated_at"]
