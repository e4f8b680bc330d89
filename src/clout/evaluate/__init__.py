"""Evidence for the score: backtests against future engagement, gaming and stability checks."""
