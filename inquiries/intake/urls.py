from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("help/contact/", views.buyer_contact, name="contact"),
    path("help/chat/", views.chat_start, name="chat-start"),
    path("help/chat/<str:token>/", views.chat, name="chat"),
    path("intake/phone/", views.phone_log, name="phone"),
    path("seller/transfer/", views.seller_transfer, name="seller-transfer"),
    path("seller/messages/", views.seller_messages, name="seller-messages"),
]
