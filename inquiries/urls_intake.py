from django.urls import path

from . import views_intake

app_name = "intake"

urlpatterns = [
    path("help/contact/", views_intake.buyer_contact, name="contact"),
    path("help/chat/", views_intake.chat_start, name="chat-start"),
    path("help/chat/<str:token>/", views_intake.chat, name="chat"),
    path("intake/phone/", views_intake.phone_log, name="phone"),
    path("seller/transfer/", views_intake.seller_transfer, name="seller-transfer"),
    path("seller/messages/", views_intake.seller_messages, name="seller-messages"),
]
