"""Test configuration: Hypothesis settings profiles.

``HYPOTHESIS_PROFILE=ci`` (set by ``.ci/run``) runs more examples per
property; the default profile is quicker for local runs. Deadlines are off:
the machines that run CI vary in speed, and speed is measured by benchmarks,
not by tests.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
