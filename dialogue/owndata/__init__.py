"""A resident's own data (AVG): download everything, delete the account."""
