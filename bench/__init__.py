"""`make bench`: speed and memory as ratios to floors measured in the same run."""
