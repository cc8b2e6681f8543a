"""Views of the accounts app: signing in and out, the second factor, passwords, agency admin."""
