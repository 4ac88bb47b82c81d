check --color never --dump ast ../../examples/support-escalation/escalations.sla
