test --coverage policies/clocks.test.sla
