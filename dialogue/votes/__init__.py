"""Residents vote agree / disagree / pass on published input; opinion groups and common ground."""
