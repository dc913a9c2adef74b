"""A hostile web on 127.0.0.1 for claimwatch's robustness tests: bombs, drips, traps, canaries."""
