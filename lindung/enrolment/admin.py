from django.contrib import admin

from .models import Benefit, ExportLayout, FundingSource

# Reference data the dinas maintains: funding sources, the branch file's column layout, the benefits printed on
# the letter. Batches and memberships change only through the services, so they are not editable here.


@admin.register(FundingSource)
class FundingSourceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "group_code", "declared_income", "kabupaten", "agency"]
    list_filter = ["kind", "group_code"]


@admin.register(ExportLayout)
class ExportLayoutAdmin(admin.ModelAdmin):
    list_display = ["name", "is_default", "kabupaten"]


@admin.register(Benefit)
class BenefitAdmin(admin.ModelAdmin):
    list_display = [
        "program",
        "order",
        "title",
        "amount",
        "income_multiple",
        "effective_from",
        "effective_to",
    ]
