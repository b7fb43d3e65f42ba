"""CleverTap's own endpoints, one module per API family (moto's responses-per-service layout)."""
