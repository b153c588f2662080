"""Staff console pages, one module per area."""
