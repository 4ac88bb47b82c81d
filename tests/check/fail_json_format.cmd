check --format json --color never fail_unknown_unit_min.sla fail_unclosed_brace_at_eof.sla
