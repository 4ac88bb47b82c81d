check --color never --dump ast ../../examples/recycling-nurture/nurture.sla
