test --format xml policies/scoring.test.sla
