test --format json ../check/fail_unknown_name.sla
