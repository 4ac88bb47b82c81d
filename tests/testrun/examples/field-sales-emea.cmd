test --coverage --min-coverage 100 ../../../examples/field-sales-emea
