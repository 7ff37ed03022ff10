"""The pages under /genomforande/ (/en/implementation/): one module per part of a plan."""
