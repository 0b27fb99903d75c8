"""The secrets of the fair release's links that are made, not drawn at random."""

from chalicelib.security import keyed_token


def waiting_token(waiter_id: str) -> str:
    """The secret of a place's link, made from its id with the pepper, so that every e-mail
    about the place (joined, not drawn, an offer) carries the same link; only its hash is
    stored."""
    return keyed_token("waiting-link", waiter_id)
