"""Letters of recommendation: steps, next actions, checks, ERAS rules, drafts, form and export."""
