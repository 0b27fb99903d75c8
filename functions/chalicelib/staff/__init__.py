"""How office staff sign in to the console: a token locally, Cognito's sign-in pages in AWS."""
