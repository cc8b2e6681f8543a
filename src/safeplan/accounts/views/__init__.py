"""Views of the accounts app: signing in and out, the second factor, passwords, agency admin, a user's audit trail."""
