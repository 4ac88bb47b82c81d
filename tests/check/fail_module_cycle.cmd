check --color never cycle_a.sla
