test --run ( policies/scoring.test.sla
