from .cases import Case, CaseMessage, SafeTClaim, SafeTGround, SafeTStatus, SellerReplyTemplate
from .corrections import ReasonCorrection
from .csat import CsatInvitation
from .messages import Attachment, AuthorKind, Direction, Message, RejectedMessage
from .tickets import ActorKind, Channel, Macro, Resolution, Ticket, TicketEvent, ticket_reference

__all__ = [
    "ActorKind",
    "Attachment",
    "AuthorKind",
    "Case",
    "CaseMessage",
    "Channel",
    "CsatInvitation",
    "Direction",
    "Macro",
    "Message",
    "ReasonCorrection",
    "RejectedMessage",
    "Resolution",
    "SafeTClaim",
    "SafeTGround",
    "SafeTStatus",
    "SellerReplyTemplate",
    "Ticket",
    "TicketEvent",
    "ticket_reference",
]
