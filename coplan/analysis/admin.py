from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Disposition, Theme


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    list_display = ("name", "code", "parent", "process", "is_active")
    list_filter = ("process", "is_active")
    search_fields = ("code", "name_en", "name_fr")


@admin.register(Disposition)
class DispositionAdmin(TranslationAdmin):
    list_display = ("name", "code", "position", "counts_as_response")
