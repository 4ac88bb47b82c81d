test --coverage --min-coverage 100 ../../../examples/x-education
