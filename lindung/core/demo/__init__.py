"""Demo data for `manage.py seed_demo`. Each capability adds an idempotent step to STEPS."""

STEPS = [
    "lindung.core.demo.people.seed_agencies",
    "lindung.core.demo.people.seed_users",
    "lindung.core.demo.security.seed",
    "lindung.core.demo.people.seed_workers",
    "lindung.core.demo.eligibility.seed",
    "lindung.core.demo.intake.seed",
    "lindung.core.demo.verification.seed",
    "lindung.core.demo.dedup.seed",
    "lindung.core.demo.imports.seed",
    "lindung.core.demo.enrolment.seed",
    "lindung.core.demo.premiums.seed",
    "lindung.core.demo.api.seed",
    "lindung.core.demo.notices.seed",
    "lindung.core.demo.reports.seed",
]
