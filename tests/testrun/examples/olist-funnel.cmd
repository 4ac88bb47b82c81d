test --coverage --min-coverage 100 ../../../examples/olist-funnel
