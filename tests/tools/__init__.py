"""Copies of shared tools the tests need (the project must not read ../shared at test time)."""
