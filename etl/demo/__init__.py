"""Demo corpus: synthetic performance reports written as files in every format (issue 4)."""
