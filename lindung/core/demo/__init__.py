"""Demo data for `manage.py seed_demo`. Each capability adds an idempotent step to STEPS."""

STEPS = [
    "lindung.core.demo.people.seed_agencies",
    "lindung.core.demo.people.seed_users",
    "lindung.core.demo.security.seed",
    "lindung.core.demo.people.seed_workers",
    "lindung.core.demo.occupations.seed",  # an occupation of the demo kabupaten's own
    "lindung.core.demo.intake.seed",
    "lindung.core.demo.verification.seed",
    "lindung.core.demo.dedup.seed",
    "lindung.core.demo.imports.seed",
    "lindung.core.demo.fieldwork.seed",  # an ODK Central export: its enumerators and the reviewer's verdicts
    "lindung.core.demo.eligibility.seed",  # after the imports, so that their workers are assessed too
    "lindung.core.demo.enrolment.seed",
    "lindung.core.demo.funding.seed",
    "lindung.core.demo.claims.seed",  # before the bills: the member who died is not billed after that month
    "lindung.core.demo.premiums.seed",
    "lindung.core.demo.invoices.seed",
    "lindung.core.demo.renewal.seed",
    "lindung.core.demo.api.seed",
    "lindung.core.demo.letters.seed",  # the office profile before the notices name its contact
    "lindung.core.demo.notices.seed",
    "lindung.core.demo.whatsapp.seed",  # after the notices: their delivery reports
    "lindung.core.demo.reports.seed",
]
