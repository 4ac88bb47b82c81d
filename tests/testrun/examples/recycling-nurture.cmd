test --coverage --min-coverage 100 ../../../examples/recycling-nurture
