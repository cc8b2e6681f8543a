"""Importing saved messages: WhatsApp exports, SMS Backup & Restore XML and .eml emails, all synthetic."""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from safeplan.domain.messages import (
    AttachmentRef,
    Direction,
    ImportFormatError,
    MessageKind,
    Party,
    SourceFormat,
    import_eml,
    import_sms_backup,
    import_whatsapp_txt,
    import_whatsapp_zip,
)

SAMPLES = Path(__file__).parent / "samples"
MMS_IMAGE = b"synthetic jpeg bytes for a test, not a real photo"
EMAIL_ATTACHMENT = b"synthetic png bytes for a test"
JORDAN = Party(name="Jordan Example")
CASEY = Party(name="Casey Sample")


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# --- WhatsApp .txt ---------------------------------------------------------------------------


def test_an_android_export_is_read_with_system_lines_multiline_messages_and_media() -> None:
    result = import_whatsapp_txt(sample("whatsapp_android_uk.txt"))
    assert result.source_format is SourceFormat.WHATSAPP_TXT
    assert result.warnings == ()
    notice, where, multiline, reply, photo, unknown = result.messages
    assert (notice.kind, notice.sender, notice.sent_at) == (MessageKind.SYSTEM, None, utc(2026, 11, 21, 13, 58))
    assert notice.text.startswith("Messages and calls are end-to-end encrypted.")
    assert (where.sender, where.text, where.kind, where.source_ref) == (
        JORDAN,
        "Where are you",
        MessageKind.MESSAGE,
        "line 2",
    )
    assert multiline.text == "I know you're not at your sister's.\nAnswer the phone.\n\nNow."
    assert (reply.sender, reply.sent_at) == (CASEY, utc(2026, 11, 21, 14, 7))
    assert photo.attachments == (
        AttachmentRef(name="IMG-20261121-WA0003.jpg", description="IMG-20261121-WA0003.jpg (file attached)"),
    )
    assert photo.text == "Saw your car outside"
    # The bidirectional marks around a phone number are not part of it; a colon in the text is text.
    assert unknown.sender == Party(name="+44 7700 900123")
    assert unknown.text == "Time: 6pm. Don't be late."
    assert all(message.direction is None for message in result.messages)


def test_twelve_hour_times_and_two_digit_years_are_read() -> None:
    result = import_whatsapp_txt(sample("whatsapp_android_12h.txt"))
    assert [message.sent_at for message in result.messages] == [
        utc(2026, 11, 20, 23, 58),
        utc(2026, 11, 21, 0, 3),  # 12:03 am is just after midnight
        utc(2026, 11, 21, 9, 15),  # written with a narrow no-break space before "am"
        utc(2026, 11, 21, 12, 0),  # 12:00 pm is noon
        utc(2026, 11, 21, 14, 5),
    ]
    omitted = result.messages[2]
    assert omitted.attachments == (AttachmentRef(name=None, omitted=True, description="<Media omitted>"),)
    assert omitted.text == ""
    assert result.messages[4].text == "You can't ignore me forever.\nI'll be waiting."
    assert result.warnings == ()


def test_an_iphone_export_is_read_with_marks_attachments_and_notices() -> None:
    result = import_whatsapp_txt(sample("whatsapp_iphone.txt"))
    notice, question, photo, reply, omitted, late = result.messages
    # iPhone puts the encryption notice under the other person's name: it must not read as theirs.
    assert (notice.kind, notice.sender) == (MessageKind.SYSTEM, JORDAN)
    assert (question.sent_at, question.text, question.kind) == (
        utc(2026, 11, 21, 14, 5, 33),
        "Where are you?",
        "message",
    )
    assert photo.attachments[0].name == "00000012-PHOTO-2026-11-21-14-06-10.jpg"
    assert (photo.text, photo.kind) == ("", MessageKind.MESSAGE)
    assert reply.text == "At work.\nLeave me alone."
    assert omitted.attachments == (AttachmentRef(name=None, omitted=True, description="image omitted"),)
    assert late.sent_at == utc(2026, 11, 21, 14, 15)


def test_times_are_read_in_the_given_timezone_and_returned_in_utc() -> None:
    line = b"15/06/2026, 21:30 - Jordan Example: summer evening\n"
    assert import_whatsapp_txt(line).messages[0].sent_at == utc(2026, 6, 15, 20, 30)  # BST is UTC+1
    new_york = import_whatsapp_txt(line, tz=ZoneInfo("America/New_York")).messages[0].sent_at
    assert new_york == utc(2026, 6, 16, 1, 30)
    assert new_york is not None
    assert new_york.tzinfo is UTC


def test_a_us_export_is_refused_as_day_first_with_a_hint_and_read_month_first_when_told() -> None:
    with pytest.raises(ImportFormatError, match=r"line 1: .*dayfirst=False") as caught:
        import_whatsapp_txt(sample("whatsapp_android_us.txt"))
    assert caught.value.line == 1
    result = import_whatsapp_txt(sample("whatsapp_android_us.txt"), dayfirst=False)
    assert [message.sent_at for message in result.messages] == [utc(2026, 11, 21, 14, 5), utc(2026, 11, 21, 14, 7)]


def test_an_ambiguous_date_follows_the_dayfirst_setting() -> None:
    line = b"05/06/2026, 10:00 - Jordan Example: hello\n"
    assert import_whatsapp_txt(line).messages[0].sent_at == utc(2026, 6, 5, 9, 0)
    assert import_whatsapp_txt(line, dayfirst=False).messages[0].sent_at == utc(2026, 5, 6, 9, 0)


def test_dates_that_run_backwards_warn_that_dayfirst_may_be_wrong() -> None:
    text = b"01/02/2026, 10:00 - A: one\n02/01/2026, 10:00 - A: two\n"
    assert "day-first" in import_whatsapp_txt(text).warnings[0]


def test_year_first_dates_are_read() -> None:
    result = import_whatsapp_txt(b"2026-11-21 14:05 - Jordan Example: hello\n")
    assert result.messages[0].sent_at == utc(2026, 11, 21, 14, 5)


def test_the_repeated_hour_when_the_clocks_go_back_keeps_messages_in_order() -> None:
    text = (
        "25/10/2026, 01:50 - Jordan Example: before the change\n25/10/2026, 01:10 - Jordan Example: after the change\n"
    )
    result = import_whatsapp_txt(text)
    assert [message.sent_at for message in result.messages] == [utc(2026, 10, 25, 0, 50), utc(2026, 10, 25, 1, 10)]
    assert len(result.warnings) == 2
    assert "line 1: 01:50 on 25/10/2026 happened twice" in result.warnings[0]
    assert "taken as the second time" in result.warnings[1]


def test_a_time_skipped_when_the_clocks_go_forward_is_read_with_a_warning() -> None:
    result = import_whatsapp_txt("29/03/2026, 01:30 - Jordan Example: in the gap\n")
    assert result.messages[0].sent_at == utc(2026, 3, 29, 1, 30)
    assert result.warnings == (
        "line 1: 01:30 on 29/03/2026 did not exist (the clocks went forward); read as the time before the change",
    )


def test_own_name_gives_each_message_a_direction() -> None:
    result = import_whatsapp_txt(sample("whatsapp_android_uk.txt"), own_name="Casey Sample")
    directions = [message.direction for message in result.messages]
    assert directions == [None, Direction.RECEIVED, Direction.RECEIVED, Direction.SENT, Direction.RECEIVED, "received"]


def test_windows_line_endings_are_read() -> None:
    result = import_whatsapp_txt(b"21/11/2026, 14:05 - A: one\r\ntwo\r\n21/11/2026, 14:06 - B: three\r\n")
    assert [message.text for message in result.messages] == ["one\ntwo", "three"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("21/11/2026, 14:05 - A: fine\nstill fine\n31/02/2026, 14:06 - A: no such day\n", 3, "not a valid date"),
        ("21/11/2026, 14:05 - A: fine\n21/11/2026, 13:05 pm - A: no such hour\n", 2, "12-hour clock"),
        ("21/11/2026, 14:05 - A: fine\n21/11/2026, 24:30 - A: no such time\n", 2, "not a valid date and time"),
        ("Chat with Jordan\n21/11/2026, 14:05 - A: hello\n", 1, "does not look like a WhatsApp chat export"),
    ],
)
def test_a_malformed_line_is_refused_naming_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(ImportFormatError, match=message) as caught:
        import_whatsapp_txt(text)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"line {line}: ")


@pytest.mark.parametrize("data", [b"", b"\n\n  \n", "\ufeff".encode()])
def test_an_empty_chat_is_refused(data: bytes) -> None:
    with pytest.raises(ImportFormatError, match="empty"):
        import_whatsapp_txt(data)


def test_an_email_given_as_a_chat_is_refused_clearly() -> None:
    with pytest.raises(ImportFormatError, match=r"line 1: .*does not look like a WhatsApp chat export"):
        import_whatsapp_txt(sample("email_plain.eml"))


def test_a_zip_or_binary_given_as_a_chat_is_refused_clearly() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("_chat.txt", "x")
    with pytest.raises(ImportFormatError, match="ZIP file"):
        import_whatsapp_txt(buffer.getvalue())
    with pytest.raises(ImportFormatError, match="not a text file"):
        import_whatsapp_txt(b"\x89PNG\r\n\x1a\n\x00\x00")


def test_text_that_is_not_utf8_is_refused_naming_the_line() -> None:
    with pytest.raises(ImportFormatError, match=r"line 2: .*UTF-8") as caught:
        import_whatsapp_txt(b"21/11/2026, 14:05 - A: fine\n21/11/2026, 14:06 - A: caf\xe9\n")
    assert caught.value.line == 2


# --- WhatsApp export ZIP ----------------------------------------------------------------------


def whatsapp_zip(files: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def test_an_iphone_export_zip_gives_messages_and_the_media_present_with_digests() -> None:
    photo = b"synthetic photo bytes"
    voice = b"synthetic voice note bytes"
    archive = whatsapp_zip(
        {
            "_chat.txt": sample("whatsapp_iphone.txt"),
            "00000012-PHOTO-2026-11-21-14-06-10.jpg": photo,
            "00000013-AUDIO-2026-11-21-14-09-00.opus": voice,
        }
    )
    result = import_whatsapp_zip(archive)
    assert result.source_format is SourceFormat.WHATSAPP_ZIP
    assert result.media_files == ("00000012-PHOTO-2026-11-21-14-06-10.jpg", "00000013-AUDIO-2026-11-21-14-09-00.opus")
    attachment = result.messages[2].attachments[0]
    assert (attachment.name, attachment.size, attachment.sha256) == (
        "00000012-PHOTO-2026-11-21-14-06-10.jpg",
        len(photo),
        hashlib.sha256(photo).hexdigest(),
    )
    assert result.warnings == ()


def test_an_android_export_zip_warns_about_media_it_refers_to_but_lacks() -> None:
    archive = whatsapp_zip(
        {
            "WhatsApp Chat with Jordan Example.txt": sample("whatsapp_android_uk.txt"),
            "notes.txt": b"a document someone sent, which is also a .txt",
        }
    )
    result = import_whatsapp_zip(archive)
    assert len(result.messages) == 6
    assert result.media_files == ("notes.txt",)
    assert result.warnings == ("line 8: IMG-20261121-WA0003.jpg is referred to but is not in the ZIP",)


def test_a_malformed_chat_inside_a_zip_is_refused_naming_the_file_and_line() -> None:
    archive = whatsapp_zip({"_chat.txt": b"[21/11/2026, 14:05:33] A: fine\n[31/11/2026, 14:05:34] A: bad\n"})
    with pytest.raises(ImportFormatError, match=r"_chat\.txt: line 2: ") as caught:
        import_whatsapp_zip(archive)
    assert isinstance(caught.value, ImportFormatError)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"photo.jpg": b"x"}, "no chat .txt"),
        ({"a/_chat.txt": b"x", "b/_chat.txt": b"y"}, "several chats"),
        ({"one.txt": b"x", "two.txt": b"y"}, "several chats"),
    ],
)
def test_a_zip_without_exactly_one_chat_is_refused(files: dict[str, bytes], message: str) -> None:
    with pytest.raises(ImportFormatError, match=message):
        import_whatsapp_zip(whatsapp_zip(files))


def test_a_file_that_is_not_a_zip_is_refused_as_an_export_zip() -> None:
    with pytest.raises(ImportFormatError, match="not a ZIP"):
        import_whatsapp_zip(io.BytesIO(sample("whatsapp_iphone.txt")))


# --- SMS Backup & Restore --------------------------------------------------------------------


def test_an_sms_backup_is_read_with_directions_parties_and_exact_times() -> None:
    result = import_sms_backup(sample("sms_backup.xml"))
    assert result.source_format is SourceFormat.SMS_BACKUP_XML
    assert result.warnings == ()
    received, sent, unknown, _picture, _sent_mms = result.messages
    jordan = Party(name="Jordan Example", address="+447700900123")
    assert (received.sent_at, received.sender, received.direction, received.recipients) == (
        utc(2026, 11, 21, 14, 5),
        jordan,
        Direction.RECEIVED,
        (),
    )
    assert received.text == "Where are you? Answer the phone."
    assert (sent.sender, sent.recipients, sent.direction) == (None, (jordan,), Direction.SENT)
    # Entities decoded, a newline kept, milliseconds kept, "(Unknown)" is no name at all.
    assert unknown.text == "It's me & I'm outside.\nCome down <now>."
    assert unknown.sent_at == datetime(2026, 11, 21, 14, 15, 0, 123000, tzinfo=UTC)
    assert unknown.sender == Party(name=None, address="07700900456")
    assert [message.source_ref for message in result.messages] == ["sms 1", "sms 2", "sms 3", "mms 1", "mms 2"]


def test_mms_text_is_kept_and_attachments_are_reported_by_digest() -> None:
    picture, sent_mms = import_sms_backup(sample("sms_backup.xml")).messages[3:]
    assert picture.text == "Look where I am"
    assert picture.sender == Party(name="Jordan Example", address="+447700900123")
    assert picture.attachments == (
        AttachmentRef(
            name="IMG_0001.jpg",
            content_type="image/jpeg",
            size=len(MMS_IMAGE),
            sha256=hashlib.sha256(MMS_IMAGE).hexdigest(),
        ),
    )
    assert (sent_mms.direction, sent_mms.sender, sent_mms.text) == (Direction.SENT, None, "I have called the police.")
    # The backup's placeholder for the phone's own number is not a recipient.
    assert sent_mms.recipients == (Party(address="+447700900123"),)


def test_a_backup_read_from_an_open_file_gives_the_same_result() -> None:
    with (SAMPLES / "sms_backup.xml").open("rb") as handle:
        assert import_sms_backup(handle) == import_sms_backup(sample("sms_backup.xml"))


def sms(number: int) -> str:
    return (
        f'<sms protocol="0" address="+4477009{number % 1000:05d}" date="{1795269900000 + number * 1000}" type="1" '
        f'subject="null" body="message {number} &amp; more" contact_name="(Unknown)" />\n'
    )


def test_a_large_backup_is_read_across_chunk_boundaries() -> None:
    count = 12_000  # about 1.7 MB, so more than one 1 MiB chunk
    data = f'<?xml version="1.0" encoding="UTF-8"?>\n<smses count="{count}">\n{"".join(map(sms, range(count)))}</smses>'
    result = import_sms_backup(io.BytesIO(data.encode()))
    assert len(data) > 1024 * 1024
    assert len(result.messages) == count
    assert result.messages[-1].text == f"message {count - 1} & more"
    assert result.messages[-1].sent_at == utc(2026, 11, 21, 17, 24, 59)


def test_a_billion_laughs_file_is_refused_before_it_is_parsed() -> None:
    with pytest.raises(ImportFormatError, match="DOCTYPE or entities"):
        import_sms_backup(sample("sms_billion_laughs.xml"))


def test_a_declaration_split_across_two_chunks_is_still_refused() -> None:
    prefix = b'<?xml version="1.0"?>\n<!--'
    padding = 1024 * 1024 - len(prefix) - 3 - 4  # the "<!DOCTYPE" starts 4 bytes before the chunk ends
    # No entities after it either, so only the held-back bytes let the scan see the word whole.
    data = prefix + b"x" * padding + b"-->" + b'<!DOCTYPE smses SYSTEM "backup.dtd"><smses count="0"/>'
    assert data.index(b"<!DOCTYPE") == 1024 * 1024 - 4
    with pytest.raises(ImportFormatError, match="DOCTYPE"):
        import_sms_backup(io.BytesIO(data))


def test_a_doctype_without_entities_is_refused_too() -> None:
    with pytest.raises(ImportFormatError, match="DOCTYPE"):
        import_sms_backup(b'<?xml version="1.0"?><!DOCTYPE smses SYSTEM "http://example.org/x.dtd"><smses/>')


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        ('<?xml version="1.0" encoding="UTF-16"?><smses/>'.encode("utf-16"), "not UTF-8"),
        (b'<?xml version="1.0" encoding="windows-1252"?><smses/>', "windows-1252"),
        (b"<html><body>not a backup</body></html>", "not <smses>"),
        (b'<smses count="1"><sms date="1" type="1" body="x"', "not well-formed"),
        (b"<smses><sms date='1' type='1' body='&unknown;'/></smses>", "not well-formed"),
    ],
)
def test_a_file_that_is_not_a_backup_is_refused_clearly(data: bytes, message: str) -> None:
    with pytest.raises(ImportFormatError, match=message):
        import_sms_backup(data)


def test_an_email_given_as_a_backup_is_refused_clearly() -> None:
    with pytest.raises(ImportFormatError, match="not an XML file"):
        import_sms_backup(sample("email_plain.eml"))


def test_broken_xml_is_refused_naming_the_line() -> None:
    data = b'<?xml version="1.0"?>\n<smses count="1">\n<sms date="1" type="1" body="x" />\n<sms oops />\n</smses>'
    with pytest.raises(ImportFormatError, match=r"^line 4: the XML is not well-formed") as caught:
        import_sms_backup(data)
    assert caught.value.line == 4


@pytest.mark.parametrize(
    ("element", "message"),
    [
        ('<sms date="yesterday" type="1" body="x" />', "not a count of milliseconds"),
        ('<sms type="1" body="x" />', "not a count of milliseconds"),
        ('<sms date="1795269900000" type="9" body="x" />', "message type '9'"),
        ('<sms date="1795269900000" type="1" />', "no body"),
        (
            '<mms date="1795269900000" msg_box="1"><parts><part ct="image/jpeg" data="not base64!" /></parts></mms>',
            "not valid base64",
        ),
    ],
)
def test_a_bad_message_is_refused_naming_the_element(element: str, message: str) -> None:
    good = '<sms date="1795269900000" type="1" body="fine" />'
    data = f'<smses count="2">{good}{element}</smses>'.encode()
    with pytest.raises(ImportFormatError, match=message) as caught:
        import_sms_backup(data)
    tag = "mms" if element.startswith("<mms") else "sms"
    number = 1 if tag == "mms" else 2
    assert caught.value.element == f"<{tag}> element {number}"
    assert str(caught.value).startswith(f"<{tag}> element {number}: ")


def test_drafts_are_imported_without_a_direction_and_a_count_mismatch_warns() -> None:
    data = b'<smses count="3"><sms date="1795269900000" type="3" body="unsent" address="+447700900123" /></smses>'
    result = import_sms_backup(data)
    assert result.messages[0].direction is None
    assert result.warnings == (
        "<sms> element 1: this is a draft message, never delivered; it is imported without a direction",
        "the backup says it holds 3 messages, but 1 were found",
    )


def test_an_mms_part_without_data_is_reported_as_omitted() -> None:
    data = (
        b'<smses count="1"><mms date="1795269900000" msg_box="1" address="+447700900123">'
        b'<parts><part ct="video/mp4" name="clip.mp4" /></parts></mms></smses>'
    )
    attachment = import_sms_backup(data).messages[0].attachments[0]
    assert (attachment.name, attachment.omitted, attachment.sha256) == ("clip.mp4", True, None)


def test_mms_base64_split_over_lines_is_decoded() -> None:
    encoded = base64.encodebytes(MMS_IMAGE * 20).decode()  # wrapped at 76 characters
    data = (
        f'<smses count="1"><mms date="1795269900000" msg_box="1" address="+447700900123">'
        f'<parts><part ct="image/jpeg" name="a.jpg" data="{encoded}" /></parts></mms></smses>'
    ).encode()
    attachment = import_sms_backup(data).messages[0].attachments[0]
    assert attachment.sha256 == hashlib.sha256(MMS_IMAGE * 20).hexdigest()


# --- .eml ----------------------------------------------------------------------------------


def test_a_plain_email_is_read() -> None:
    result = import_eml(sample("email_plain.eml"))
    assert result.source_format is SourceFormat.EML
    assert result.warnings == ()
    (message,) = result.messages
    assert message.sender == Party(name="Jordan Example", address="jordan@example.org")
    assert message.recipients == (Party(name="Casey Sample", address="casey@example.org"),)
    assert message.subject == "You can't hide"
    assert message.sent_at == utc(2026, 11, 21, 14, 5)
    assert message.text == "I know where you are working now.\nI'll be there at 6.\n"
    assert message.attachments == ()


def test_an_email_with_an_attachment_gives_the_plain_body_and_the_attachment_digest() -> None:
    (message,) = import_eml(sample("email_with_attachment.eml")).messages
    assert message.text == "Here is the screenshot \u2013 he sent these last night.\n"
    assert message.recipients == (
        Party(address="support@example.org"),
        Party(name="Sam Helper", address="sam@example.org"),
    )
    assert message.sent_at is not None
    assert message.sent_at.utcoffset() is not None
    assert message.sent_at == utc(2026, 6, 15, 8, 30)
    # The HTML version of the body is not an attachment.
    assert message.attachments == (
        AttachmentRef(
            name="screenshot.png",
            content_type="image/png",
            size=len(EMAIL_ATTACHMENT),
            sha256=hashlib.sha256(EMAIL_ATTACHMENT).hexdigest(),
        ),
    )


def test_an_html_only_email_gives_its_visible_text() -> None:
    (message,) = import_eml(sample("email_html_only.eml")).messages
    assert message.text == "You think you can leave?\nI'll find you & your new place."
    assert message.sent_at == utc(2026, 11, 22, 13, 0)


def test_own_address_gives_the_direction() -> None:
    assert import_eml(sample("email_plain.eml"), own_address="Casey@Example.org").messages[0].direction == "received"
    assert import_eml(sample("email_with_attachment.eml"), own_address="casey@example.org").messages[0].direction == (
        Direction.SENT
    )


def test_an_email_without_a_usable_date_is_kept_with_a_warning() -> None:
    headers = b"From: Jordan Example <jordan@example.org>\nTo: casey@example.org\nSubject: s\n"
    missing = import_eml(headers + b"\nbody\n")
    assert missing.messages[0].sent_at is None
    assert missing.warnings == ("the email has no Date header, so its time is unknown",)
    garbled = import_eml(headers + b"Date: sometime last week\n\nbody\n")
    assert garbled.messages[0].sent_at is None
    assert "could not be read" in garbled.warnings[0]
    no_zone = import_eml(headers + b"Date: Sat, 21 Nov 2026 14:05:00 -0000\n\nbody\n")
    assert no_zone.messages[0].sent_at == utc(2026, 11, 21, 14, 5)
    assert "no timezone" in no_zone.warnings[0]


def test_a_malformed_address_header_is_kept_as_written_with_a_warning() -> None:
    # The standard library's address parser raises IndexError on this one rather than noting a defect.
    result = import_eml(b"From: Jordan <jordan@\nDate: Sat, 21 Nov 2026 14:05:00 +0000\n\nbody\n")
    assert result.messages[0].sender == Party(name="Jordan <jordan@")
    assert result.warnings == ("the From header is malformed; it is kept as written",)


def test_a_forwarded_email_attached_is_reported_as_an_attachment() -> None:
    inner = sample("email_plain.eml")
    data = (
        b"From: casey@example.org\nTo: support@example.org\nDate: Sat, 21 Nov 2026 15:00:00 +0000\n"
        b'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\n'
        b"See below.\n--b\nContent-Type: message/rfc822\nContent-Disposition: attachment\n\n" + inner + b"\n--b--\n"
    )
    (message,) = import_eml(data).messages
    assert message.text == "See below."
    (attachment,) = message.attachments
    assert attachment.content_type == "message/rfc822"
    assert attachment.size is not None
    assert attachment.size > 100


@pytest.mark.parametrize(
    ("name_or_data", "message"),
    [
        (b"", "empty"),
        (b"\n \n", "empty"),
        (b"From: a@example.org\x00\x00", "not a text file"),
        ("whatsapp_android_uk.txt", "no From header"),
        ("sms_backup.xml", "no From header"),
    ],
)
def test_a_file_that_is_not_an_email_is_refused_clearly(name_or_data: bytes | str, message: str) -> None:
    data = sample(name_or_data) if isinstance(name_or_data, str) else name_or_data
    with pytest.raises(ImportFormatError, match=message):
        import_eml(data)


def test_an_imported_message_must_have_an_aware_time() -> None:
    from safeplan.domain.messages import ImportedMessage

    with pytest.raises(ValueError, match="timezone-aware"):
        ImportedMessage(sent_at=datetime(2026, 11, 21, 14, 5), sender=None, text="")


def test_an_email_nested_a_thousand_deep_is_refused_before_it_is_parsed() -> None:
    head = b"From: Sam <sam@example.net>\r\n"
    nested = b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (n, n) for n in range(1000))
    with pytest.raises(ImportFormatError, match="nested parts"):
        import_eml(head + nested + b"Content-Type: text/plain\r\n\r\nhello")
