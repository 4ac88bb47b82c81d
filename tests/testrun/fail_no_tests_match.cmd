test --run nothing-matches policies/scoring.test.sla
