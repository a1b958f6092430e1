"""`make bench`: performance reports (timings and sizes as ratios), never tests."""
