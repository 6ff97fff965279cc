from django.contrib import admin

from .models import PremiumRate


@admin.register(PremiumRate)
class PremiumRateAdmin(admin.ModelAdmin):
    list_display = [
        "program",
        "basis",
        "value",
        "effective_from",
        "effective_to",
        "excluded_kinds",
        "legal_basis",
    ]
    list_filter = ["program"]
