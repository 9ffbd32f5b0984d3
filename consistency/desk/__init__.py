"""The editors' desk: a draft checked against a stored archive while it is written
(``session.Desk``), the triage of a finding as a file edit (``triage``), and the local web app
and HTTP API of `consistency serve` (``app``), which the language server shares."""
