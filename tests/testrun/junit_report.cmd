test --format junit policies/scoring.test.sla
