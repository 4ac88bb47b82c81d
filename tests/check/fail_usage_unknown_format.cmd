check --format xml ok_minimal_policy.sla
