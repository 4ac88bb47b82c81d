check --format json --color never does_not_exist.sla fail_unexpected_character_dollar.sla
