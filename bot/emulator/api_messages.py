"""Bot API methods that post, change or remove messages and answer button presses."""

from __future__ import annotations

from typing import Any, Literal

from .errors import bad_request
from .html_entities import EntityParseError, parse_html, utf16_len
from .model import BotEvent, ChatMessage, EmuChat, StoredFile
from .params import Params, Upload
from .state import EmulatorState

__all__ = ["MESSAGE_METHODS"]

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64  # bytes
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def _formatted(
    p: Params, name: str, *, limit: int, too_long: str, required: bool
) -> tuple[str | None, list[dict[str, Any]], str | None]:
    """Parse `name` with parse_mode into (plain text, entities, mode) like Telegram does."""
    source = p.text(name)
    mode = p.text("parse_mode")
    if mode and mode.lower() not in ("html", "markdown", "markdownv2"):
        raise bad_request("unsupported parse_mode")
    entities: list[dict[str, Any]] = (
        p.structure(f"{'caption_' if name == 'caption' else ''}entities") or []
    )
    text = source
    if source is not None and mode and mode.lower() == "html":
        try:
            text, entities = parse_html(source)
        except EntityParseError as exc:
            raise bad_request(f"can't parse entities: {exc}") from None
    elif source is not None:
        # Markdown modes are not parsed by the emulator: the text is kept as sent.
        text = source.strip()
    if required and not text:
        raise bad_request("message text is empty")
    if text is not None and utf16_len(text) > limit:
        raise bad_request(too_long)
    return text, entities, mode


def _thread_id(chat: EmuChat, p: Params) -> int | None:
    thread_id = p.integer("message_thread_id")
    if thread_id is None:
        return None
    if not chat.is_forum or thread_id not in chat.topics:
        raise bad_request("message thread not found")
    return thread_id


def _reply_to(chat: EmuChat, p: Params) -> int | None:
    """The message being replied to (reply_parameters or the legacy reply_to_message_id)."""
    parameters = p.structure("reply_parameters") or {}
    if not isinstance(parameters, dict):
        raise bad_request("can't parse reply parameters JSON object")
    message_id = parameters.get("message_id", p.integer("reply_to_message_id"))
    if message_id is None:
        return None
    target = chat.messages.get(int(message_id))
    if target is None or target.deleted:
        allow = parameters.get("allow_sending_without_reply", p.flag("allow_sending_without_reply"))
        if allow in (True, "true"):
            return None
        raise bad_request("message to be replied not found")
    return target.message_id


def _reply_markup(p: Params) -> dict[str, Any] | None:
    markup = p.structure("reply_markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return markup  # reply keyboards, force_reply, remove_keyboard: kept as given
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
        )
    for button in (b for row in rows for b in row):
        if not isinstance(button, dict) or not button.get("text"):
            raise bad_request('can\'t find field "text"')
        data = button.get("callback_data")
        if data is not None and not 1 <= len(str(data).encode()) <= CALLBACK_DATA_LIMIT:
            raise bad_request("BUTTON_DATA_INVALID")
        if len(button) == 1:
            raise bad_request("text buttons are unallowed in the inline keyboard")
    return markup


def send_message(state: EmulatorState, p: Params) -> dict[str, Any]:
    """sendMessage: post a text message."""
    chat = state.writable_chat(p.chat_ref())
    thread_id = _thread_id(chat, p)
    text, entities, mode = _formatted(
        p, "text", limit=TEXT_LIMIT, too_long="message is too long", required=True
    )
    message = state.add_message(
        chat,
        state.bot,
        text=text,
        entities=entities,
        source_text=p.text("text"),
        parse_mode=mode,
        reply_markup=_reply_markup(p),
        thread_id=thread_id,
        reply_to=_reply_to(chat, p),
    )
    return state.message_api(message)


def _stored_file(state: EmulatorState, p: Params, field: str) -> StoredFile:
    """The file a sendPhoto/sendDocument call refers to: an upload, a file_id or a URL."""
    kind: Literal["photo", "document"] = "photo" if field == "photo" else "document"
    upload = p.uploads.get(field)
    reference = p.text(field)
    if upload is None and reference and reference.startswith("attach://"):
        upload = p.uploads.get(reference.removeprefix("attach://"))
    if upload is None and not reference:
        raise bad_request(f"there is no {field} in the request")
    if upload is None and reference in state.files:
        return state.files[reference]
    number = state.next_id()
    if isinstance(upload, Upload):
        stored = StoredFile(
            f"EMU-{kind}-{number}",
            f"u{number}",
            upload.filename,
            upload.content_type,
            upload.data,
            kind,
        )
    elif reference and reference.startswith(("http://", "https://")):
        stored = StoredFile(
            f"EMU-{kind}-{number}", f"u{number}", None, None, b"", kind, url=reference
        )
    else:
        raise bad_request("wrong file identifier/HTTP URL specified")
    state.files[stored.file_id] = stored
    return stored


def _send_media(state: EmulatorState, p: Params, field: str) -> dict[str, Any]:
    chat = state.writable_chat(p.chat_ref())
    thread_id = _thread_id(chat, p)
    caption, entities, mode = _formatted(
        p, "caption", limit=CAPTION_LIMIT, too_long="message caption is too long", required=False
    )
    stored = _stored_file(state, p, field)
    message = state.add_message(
        chat,
        state.bot,
        text=caption or None,
        entities=entities,
        source_text=p.text("caption"),
        parse_mode=mode,
        reply_markup=_reply_markup(p),
        thread_id=thread_id,
        reply_to=_reply_to(chat, p),
        file=stored,
    )
    return state.message_api(message)


def send_photo(state: EmulatorState, p: Params) -> dict[str, Any]:
    """sendPhoto: post a photo (multipart upload, file_id or URL)."""
    return _send_media(state, p, "photo")


def send_document(state: EmulatorState, p: Params) -> dict[str, Any]:
    """sendDocument: post a file."""
    return _send_media(state, p, "document")


def _bot_message(state: EmulatorState, p: Params, missing: str) -> ChatMessage:
    if p.has("inline_message_id"):
        raise bad_request("inline messages are not emulated")
    chat = state.find_chat(p.chat_ref())
    message = chat.messages.get(p.require_int("message_id"))
    if message is None or message.deleted:
        raise bad_request(missing)
    return message


def edit_message_text(state: EmulatorState, p: Params) -> dict[str, Any]:
    """editMessageText: replace the text (and keyboard) of a bot message."""
    message = _bot_message(state, p, "message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    if message.file is not None:
        raise bad_request("there is no text in the message to edit")
    text, entities, mode = _formatted(
        p, "text", limit=TEXT_LIMIT, too_long="message is too long", required=True
    )
    markup = _reply_markup(p)
    if (text, entities, markup) == (message.text, message.entities, message.reply_markup):
        raise bad_request(_NOT_MODIFIED)
    message.text, message.entities, message.parse_mode = text, entities, mode
    message.source_text, message.reply_markup = p.text("text"), markup
    message.edit_count += 1
    state.announce(BotEvent("edited", message))
    return state.message_api(message)


def edit_message_reply_markup(state: EmulatorState, p: Params) -> dict[str, Any]:
    """editMessageReplyMarkup: replace or remove the inline keyboard of a bot message."""
    message = _bot_message(state, p, "message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    markup = _reply_markup(p)
    if markup == message.reply_markup:
        raise bad_request(_NOT_MODIFIED)
    message.reply_markup = markup
    message.edit_count += 1
    state.announce(BotEvent("edited", message))
    return state.message_api(message)


def delete_message(state: EmulatorState, p: Params) -> bool:
    """deleteMessage: mark a message deleted (it stays in the record)."""
    message = _bot_message(state, p, "message to delete not found")
    message.deleted = True
    state.announce(BotEvent("deleted", message))
    return True


def answer_callback_query(state: EmulatorState, p: Params) -> bool:
    """answerCallbackQuery: record the answer to a button press (once per query)."""
    query = state.callback_queries.get(p.text("callback_query_id") or "")
    if query is None or query.answered:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    query.answered = True
    query.answer_text = p.text("text")
    query.show_alert = p.flag("show_alert")
    state.announce(BotEvent("answered", query.message, query.answer_text, query.show_alert))
    return True


def send_chat_action(state: EmulatorState, p: Params) -> bool:
    """sendChatAction: validate and record ("typing", "upload_photo", ...)."""
    state.writable_chat(p.chat_ref())
    if p.text("action") not in _CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


def get_file(state: EmulatorState, p: Params) -> dict[str, Any]:
    """getFile: where an uploaded file can be downloaded under base_file_url."""
    stored = state.files.get(p.text("file_id") or "")
    if stored is None:
        raise bad_request("invalid file_id")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.size,
        "file_path": stored.file_path,
    }


MESSAGE_METHODS = {
    "sendMessage": send_message,
    "sendPhoto": send_photo,
    "sendDocument": send_document,
    "editMessageText": edit_message_text,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "answerCallbackQuery": answer_callback_query,
    "sendChatAction": send_chat_action,
    "getFile": get_file,
}
