"""The profile: the user's stage and readiness, and the profile form."""
