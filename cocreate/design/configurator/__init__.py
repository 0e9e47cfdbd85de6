"""Kind ``configurator``: options (choose one value each) and numeric parameters (a product)."""
