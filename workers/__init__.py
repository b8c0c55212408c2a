"""Background jobs run by RQ workers, such as catching projections up."""
