check --color never --werror unreachable_stage.sla
