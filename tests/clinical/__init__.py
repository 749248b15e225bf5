# The clinical suite's printed figures travel in the scoring test's user properties under this
# name, from whichever process ran it (an xdist worker) to the summary (tests/conftest.py).
REPORT_PROPERTY = "clinical_suite_report"
