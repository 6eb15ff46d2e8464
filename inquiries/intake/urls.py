from django.urls import path

from . import buyer_views, views

app_name = "intake"

urlpatterns = [
    path("help/contact/", views.buyer_contact, name="contact"),
    path("help/chat/", views.chat_start, name="chat-start"),
    path("help/conversation/<str:token>/", buyer_views.conversation, name="conversation"),
    path("help/conversation/<str:token>/updates/", buyer_views.conversation_updates, name="conversation-updates"),
    # Chat links handed out before the conversation page existed lead to it.
    path("help/chat/<str:token>/", buyer_views.conversation, name="chat"),
    path("intake/phone/", views.phone_log, name="phone"),
    path("seller/transfer/", views.seller_transfer, name="seller-transfer"),
    path("seller/messages/", views.seller_messages, name="seller-messages"),
]
