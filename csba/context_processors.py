from django.utils.functional import SimpleLazyObject

from csba.roles import consoles_for, user_roles


def roles(request):
    """The user's roles, and the consoles it may open (its main one first;
    the menu, the start page and the error pages' way back)."""
    user = getattr(request, "user", None)
    return {"roles": user_roles(user), "consoles": SimpleLazyObject(lambda: consoles_for(user))}
