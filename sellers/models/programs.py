from django.db import models


class Program(models.Model):
    """A CSBA program of a marketplace and its scope, as data: which sellers
    it serves (business countries; none listed: every seller, the
    marketplace's standard program), which contact reasons and fulfilment
    channels CSBA handles for them, whether it is free and whether CSBA is the
    buyer's only interface (the seller handles no buyer messages). A coverage
    window belongs to the program the seller joined."""

    marketplace = models.ForeignKey("sellers.Marketplace", on_delete=models.PROTECT, related_name="programs")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=100)
    business_countries = models.JSONField(
        default=list, blank=True, help_text='Sellers it serves by business country, e.g. ["CN"]; empty: every seller.'
    )
    reasons = models.JSONField(
        default=list,
        blank=True,
        help_text="Contact reasons CSBA handles for these sellers (codes); empty: the post-order reasons "
        "(every reason but invoice, customization, pre-order and account).",
    )
    covers_fbm = models.BooleanField(default=True, help_text="Seller-fulfilled units (FBM).")
    covers_fba = models.BooleanField(default=False, help_text="Fulfilled by Amazon units.")
    covers_sfp = models.BooleanField(default=False, help_text="Seller-Fulfilled Prime units.")
    is_free = models.BooleanField(default=False, help_text="No fee is charged.")
    is_only_interface = models.BooleanField(
        default=False, help_text="CSBA is the buyer's only interface: the seller handles no buyer messages."
    )

    class Meta:
        ordering = ["marketplace", "code"]
        constraints = [models.UniqueConstraint(fields=["marketplace", "code"], name="program_code_per_marketplace")]

    def __str__(self) -> str:
        return f"{self.marketplace.code} {self.name}"

    @property
    def is_standard(self) -> bool:
        return not self.business_countries

    def serves(self, business_country: str) -> bool:
        return not self.business_countries or business_country in self.business_countries

    def covers_channel(self, fulfillment_channel: str) -> bool:
        return {"FBM": self.covers_fbm, "FBA": self.covers_fba, "SFP": self.covers_sfp}.get(fulfillment_channel, False)

    def covers_reason(self, reason: str, *, by_default: bool) -> bool:
        """Whether CSBA handles ``reason`` for the program's sellers;
        ``by_default`` is what the reason registry says for the standard scope."""
        return reason in self.reasons if self.reasons else by_default
