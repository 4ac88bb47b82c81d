test --run qualifies policies/scoring.test.sla
