"""Who may see what (DESIGN §5): permission-aware counts and labels."""
