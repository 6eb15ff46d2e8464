from .cases import urlpatterns as case_urls
from .contacts import urlpatterns as contact_urls
from .tickets import urlpatterns as ticket_urls

urlpatterns = [*contact_urls, *ticket_urls, *case_urls]
