test --coverage --min-coverage 50 policies/inline.sla untested/plain.sla
