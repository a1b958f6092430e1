"""The sigmoid's family (tanh first): definitions, figures and published numbers of the pages
under "The family". The sigmoid's own are in the package sigmoid."""
