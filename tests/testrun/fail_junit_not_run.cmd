test --format junit ../check/fail_duplicate_definition.sla
