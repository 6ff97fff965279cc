"""Demo data for `manage.py seed_demo`. Each capability adds an idempotent step to STEPS."""

STEPS = [
    "lindung.core.demo.people.seed_agencies",
    "lindung.core.demo.people.seed_users",
    "lindung.core.demo.people.seed_workers",
]
