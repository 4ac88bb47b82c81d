compile --color never not_evaluable.sla
