test --format json --coverage policies/scoring.test.sla
