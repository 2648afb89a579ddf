"""Officials' single sign-on with OpenID Connect, per municipality (optional)."""
