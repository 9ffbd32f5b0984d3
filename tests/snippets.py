"""Sentences shared by the workflow tests: two real contradictions (Brisk Energy's Ohio
capacity, Coldwater Power's Texas cost) and the subjects the link stage gives them."""

OHIO_3 = "Brisk Energy is building a 3 GW facility in Ohio."
OHIO_12 = "Brisk Energy is building a 1.2 GW facility in Ohio."
TEXAS_4 = "Coldwater Power said its Texas plant will cost $4 billion."
TEXAS_9 = "Coldwater Power said its Texas plant will cost $9 billion."
OHIO = "Brisk Energy (Ohio) · capacity"
TEXAS = "Coldwater Power (Texas) · cost"
