check --format json --color never --werror unreachable_stage.sla
