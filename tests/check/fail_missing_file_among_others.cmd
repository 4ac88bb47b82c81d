check --color never ok_minimal_policy.sla does_not_exist.sla fail_unknown_unit_min.sla
