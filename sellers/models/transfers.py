from django.db import models


class TransferAddress(models.Model):
    """Where a seller forwards a buyer's mail to hand it to CSBA: one address
    per marketplace and seller origin (the business address's country; empty:
    sellers of any other origin). Seed 002 names one for China-based sellers
    on the US store; DE has one per origin. Mail to an address becomes a
    seller-transfer contact on the buyer's order."""

    marketplace = models.ForeignKey("sellers.Marketplace", on_delete=models.PROTECT, related_name="transfer_addresses")
    origin = models.CharField(
        max_length=2, blank=True, help_text="ISO code of the sellers' business country; empty: any other origin."
    )
    address = models.EmailField(unique=True)

    class Meta:
        ordering = ["marketplace", "origin"]
        constraints = [
            models.UniqueConstraint(fields=["marketplace", "origin"], name="transfer_address_per_origin"),
        ]

    def __str__(self) -> str:
        return f"{self.marketplace.code} {self.origin or '*'}: {self.address}"

    def accepts(self, business_country: str) -> bool:
        return not self.origin or self.origin == (business_country or "").upper()
