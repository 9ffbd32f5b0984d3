"""The small archive the desk's tests (session, triage, serve's app) check drafts against:
an approval article giving Tollwick Wind 1.4 GW, a draft giving it 1.2 GW, and an article
about something else."""
from __future__ import annotations

APPROVED = """---
title: Tollwick Wind farm wins approval
date: 2025-03-10
---

Regulators approved the Tollwick Wind offshore project, a 1.4-gigawatt wind farm planned 30 miles off the coast.
"""
DRAFT = """---
title: Varden Energy closes Tollwick Wind financing
date: 2025-11-02
---

Varden Energy closed financing for the Tollwick Wind offshore project on Monday.

The Tollwick Wind farm, a 1.2-gigawatt project, will use 84 turbines.
"""
BANK = """---
title: Kestrel Bank opens in Varden
date: 2025-05-01
---

Kestrel Bank said it employs 410 people at its Varden headquarters.
"""
