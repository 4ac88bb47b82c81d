check --color never --dump ast ../../examples/acme-inbound/acme.sla
