check --format json --color never unreachable_stage.sla
