"""Tests for setting up municipalities and their settings."""
