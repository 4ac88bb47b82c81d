check --color never fail_unterminated_string.sla ok_minimal_policy.sla fail_unknown_unit_min.sla
