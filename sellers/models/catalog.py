from django.db import models


class Product(models.Model):
    """A product detail page: what agents answer product questions from."""

    seller = models.ForeignKey("sellers.SellerAccount", on_delete=models.CASCADE, related_name="products")
    marketplace = models.ForeignKey("sellers.Marketplace", on_delete=models.PROTECT, related_name="products")
    asin = models.CharField(max_length=10)
    sku = models.CharField(max_length=64)
    language = models.CharField(max_length=8)
    title = models.CharField(max_length=500)
    bullets = models.JSONField(default=list, blank=True)
    description = models.TextField(blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    is_customizable = models.BooleanField(default=False)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["marketplace", "asin"]
        constraints = [
            models.UniqueConstraint(fields=["marketplace", "asin"], name="product_asin_per_marketplace"),
            models.UniqueConstraint(fields=["seller", "marketplace", "sku"], name="product_sku_per_seller"),
        ]

    def __str__(self) -> str:
        return f"{self.asin} {self.title[:60]}"

    def as_detail_page(self) -> dict:
        """The page in the shape the answering engine and batch command use."""
        return {
            "asin": self.asin,
            "title": self.title,
            "bullets": list(self.bullets or []),
            "description": self.description or "",
            "attributes": dict(self.attributes or {}),
        }
