"""Who may manage a certificate (revoke, reissue, see its management page): whoever manages its
holder (``auth.scope``). Its holder sees it; anyone verifies it."""

from elearn.auth import scope
from elearn.auth.models import User
from elearn.certificates.models import Certificate


def can_manage_certificate(actor: User, certificate: Certificate) -> bool:
    return scope.can_manage_user(actor, certificate.holder)
