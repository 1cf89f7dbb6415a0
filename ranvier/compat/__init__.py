"""Running Brian 2 scripts unchanged on ranvier."""
