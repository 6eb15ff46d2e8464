"""The catalog and the orders: products, buyers, orders with their items and
packages, returns and refunds."""

from django.contrib import admin

from csba.admin import OperatorAdmin, OperatorInline

from ..models import Buyer, Order, OrderItem, Product, Refund, Return, Shipment


@admin.register(Product)
class ProductAdmin(OperatorAdmin):
    list_display = ("asin", "title", "seller", "marketplace", "sku", "language", "is_customizable", "updated_at")
    list_filter = ("marketplace", "language", "is_customizable")
    search_fields = ("asin", "sku", "title", "seller__name")
    list_select_related = ("seller", "marketplace")
    raw_id_fields = ("seller",)


@admin.register(Buyer)
class BuyerAdmin(OperatorAdmin):
    list_display = ("name", "email", "marketplace", "language")
    list_filter = ("marketplace", "language")
    search_fields = ("name", "email")


class OrderItemInline(OperatorInline, admin.TabularInline):
    model = OrderItem
    fields = ("product", "quantity", "unit_price", "fulfillment_channel", "shipment")
    raw_id_fields = ("product", "shipment")
    extra = 0


class ShipmentInline(OperatorInline, admin.TabularInline):
    model = Shipment
    fields = (
        "carrier",
        "tracking_number",
        "shipped_at",
        "first_scan_at",
        "delivered_at",
        "has_valid_tracking",
        "is_signed_for",
    )
    extra = 0


@admin.register(Order)
class OrderAdmin(OperatorAdmin):
    list_display = (
        "order_number",
        "seller",
        "marketplace",
        "buyer",
        "placed_at",
        "status",
        "ship_to_country",
        "feedback_rating",
        "chargeback_at",
    )
    list_filter = ("status", "marketplace", "feedback_rating")
    search_fields = ("order_number", "seller__name", "buyer__email")
    list_select_related = ("seller", "marketplace", "buyer")
    raw_id_fields = ("seller", "buyer")
    date_hierarchy = "placed_at"
    inlines = [OrderItemInline, ShipmentInline]


@admin.register(OrderItem)
class OrderItemAdmin(OperatorAdmin):
    list_display = ("order", "product", "quantity", "unit_price", "fulfillment_channel")
    list_filter = ("fulfillment_channel", "order__marketplace")
    search_fields = ("order__order_number", "product__asin", "product__sku")
    list_select_related = ("order", "product")
    raw_id_fields = ("order", "product", "shipment")


@admin.register(Shipment)
class ShipmentAdmin(OperatorAdmin):
    list_display = (
        "order",
        "carrier",
        "tracking_number",
        "shipped_at",
        "first_scan_at",
        "delivered_at",
        "has_valid_tracking",
        "is_signed_for",
    )
    list_filter = ("carrier", "has_valid_tracking", "is_signed_for")
    search_fields = ("tracking_number", "order__order_number")
    list_select_related = ("order",)
    raw_id_fields = ("order",)
    date_hierarchy = "shipped_at"


@admin.register(Return)
class ReturnAdmin(OperatorAdmin):
    list_display = (
        "rma_number",
        "order_item",
        "status",
        "condition",
        "quantity",
        "authorized_at",
        "received_at",
        "is_amazon_label",
    )
    list_filter = ("status", "condition", "is_amazon_label", "has_prepaid_label")
    search_fields = ("rma_number", "order_item__order__order_number")
    list_select_related = ("order_item__order", "order_item__product")
    raw_id_fields = ("order_item", "ticket")
    date_hierarchy = "authorized_at"


@admin.register(Refund)
class RefundAdmin(OperatorAdmin):
    list_display = ("order_item", "kind", "amount", "currency", "issued_at", "is_automatic", "is_a_to_z")
    list_filter = ("kind", "currency", "is_automatic", "is_a_to_z")
    search_fields = ("order_item__order__order_number", "reason")
    list_select_related = ("order_item__order", "order_item__product")
    raw_id_fields = ("order_item", "ticket")
    date_hierarchy = "issued_at"
