test --coverage --min-coverage 100 ../../../examples/support-escalation
