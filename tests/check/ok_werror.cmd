check --werror --color never ok_minimal_policy.sla
