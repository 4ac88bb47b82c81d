check --format json --color never ok_minimal_policy.sla
