"""Public answers of the municipality on input and consultations."""
