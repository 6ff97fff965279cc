"""Loaded by pytest before Django's settings (`-p lindung.pytest_env` in pyproject): the suite runs like the demo.

DEBUG defaults to off (production); with it off at import, settings turn on the HTTPS redirect and secure
cookies, and the test client speaks plain HTTP. The production settings are checked by
accounts/tests/test_deploy.py and core/tests/test_settings.py, in their own processes.
"""

import os

os.environ.setdefault("DEBUG", "true")
