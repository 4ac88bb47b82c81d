check --color never --dump ast ../../examples/partner-referrals/partners.sla
