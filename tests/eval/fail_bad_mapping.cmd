eval --policy ../../examples/quickstart/quickstart.sla --leads unknown_columns.csv --mapping bad_mapping.json --engine interp
