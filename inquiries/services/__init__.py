"""Every write of the inquiries app, one module per subject."""
