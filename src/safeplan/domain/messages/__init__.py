"""Import saved messages (WhatsApp exports, SMS Backup & Restore XML, .eml emails) into one model.

Each importer returns an ImportResult or raises ImportFormatError naming the line or element
at fault; it never returns part of a file.
"""

from safeplan.domain.messages.email_import import import_eml
from safeplan.domain.messages.model import (
    AttachmentRef,
    Direction,
    ImportedMessage,
    ImportFormatError,
    ImportResult,
    MessageKind,
    Party,
    SourceFormat,
)
from safeplan.domain.messages.sms_backup import import_sms_backup
from safeplan.domain.messages.whatsapp import import_whatsapp_txt, import_whatsapp_zip

__all__ = [
    "AttachmentRef",
    "Direction",
    "ImportFormatError",
    "ImportResult",
    "ImportedMessage",
    "MessageKind",
    "Party",
    "SourceFormat",
    "import_eml",
    "import_sms_backup",
    "import_whatsapp_txt",
    "import_whatsapp_zip",
]
