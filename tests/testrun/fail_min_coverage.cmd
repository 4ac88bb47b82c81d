test --run large --coverage --min-coverage 90 policies/scoring.test.sla
