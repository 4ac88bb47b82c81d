check --color never does_not_exist.sla
