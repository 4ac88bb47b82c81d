test --coverage policies
