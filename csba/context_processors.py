from csba.roles import user_roles


def roles(request):
    return {"roles": user_roles(getattr(request, "user", None))}
