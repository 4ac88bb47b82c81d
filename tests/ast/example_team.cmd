check --color never --dump ast ../../examples/partner-referrals/team.sla
