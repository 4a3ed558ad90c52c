"""The CLI's commands, one module per area; each imports heavy libraries inside its functions
so that ``policykg --help`` stays fast."""
