"""Input from other channels, recorded by officials on behalf of residents."""
