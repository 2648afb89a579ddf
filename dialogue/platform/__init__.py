"""Platform administration: municipalities, their kernen, branding and first admin."""
