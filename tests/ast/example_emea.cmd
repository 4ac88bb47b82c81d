check --color never --dump ast ../../examples/field-sales-emea/emea.sla
