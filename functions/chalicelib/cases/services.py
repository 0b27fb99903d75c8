"""Use cases of case status: signed ingest from the document-workflow system, and lookups."""

import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from chalicelib.appointments.services import RateLimited
from chalicelib.cases.model import (
    RETENTION_AFTER_CLOSE,
    CaseAccess,
    CaseEvent,
    CaseLocked,
    CaseNotFound,
    CaseSummary,
    new_access_code,
    normalise_code,
    summarize,
)
from chalicelib.config import page_url
from chalicelib.mail.port import Email, Mailer, MailFailed
from chalicelib.security import keyed_hash, matches, secret
from chalicelib.storage.port import Store

SIGNATURE_TOLERANCE = timedelta(minutes=5)
LOCK_AFTER_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
LOOKUPS_PER_CLIENT_PER_MINUTE = 20
RETENTION_OPEN = timedelta(days=3650)
NO_CODE_HASH = "0" * 64  # compared against when a case is unknown, so both paths do the same work


class SignatureInvalid(Exception):
    pass


class RequestStale(Exception):
    pass


class RequestReplayed(Exception):
    pass


@dataclass(frozen=True)
class Applied:
    index: int
    id: str
    outcome: str  # "applied" or "duplicate"
    access_code: str | None = None


def ingest_secrets() -> list[bytes]:
    """Every secret currently accepted; two during a rotation, comma-separated."""
    raw = secret("BLIZEJ_INGEST_SECRETS") or ""
    return [secret.strip().encode() for secret in raw.split(",") if secret.strip()]


def sign(secret: bytes, timestamp: str, body: bytes) -> str:
    """The signature the document-workflow system sends: HMAC-SHA256 over `timestamp.body`."""
    digest = hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(timestamp: str, signature: str, body: bytes, store: Store, now: datetime) -> None:
    """Refuses a request that is unsigned, signed with no current secret, stale, or replayed."""
    if not signature or not any(
        hmac.compare_digest(sign(secret, timestamp, body), signature) for secret in ingest_secrets()
    ):
        raise SignatureInvalid()
    try:
        sent = datetime.fromtimestamp(int(timestamp), now.tzinfo)
    except (ValueError, OverflowError):
        raise RequestStale() from None
    if abs(now - sent) > SIGNATURE_TOLERANCE:
        raise RequestStale()
    key = hashlib.sha256(signature.encode()).hexdigest()
    if not store.remember_once(f"ingest:{key}", now + 2 * SIGNATURE_TOLERANCE, now):
        raise RequestReplayed()


def apply_events(
    events: list[CaseEvent], store: Store, mailer: Mailer, now: datetime
) -> list[Applied]:
    """Applies each event exactly once. The caller has validated every event of the batch."""
    results: list[Applied] = []
    touched: dict[str, bool] = {}
    for index, event in enumerate(events):
        if not store.record_case_event(event, now + RETENTION_OPEN):
            results.append(Applied(index, event.id, "duplicate"))
            continue
        code = None
        if event.type in ("case_registered", "access_code_reissued"):
            code = _issue_code(event, store)
        else:
            touched[event.case_number] = True
        results.append(Applied(index, event.id, "applied", code))
        touched.setdefault(event.case_number, False)
    for case_number, newsworthy in touched.items():
        _apply_retention(case_number, store, now)
        if newsworthy:
            _notify(case_number, store, mailer)
    return results


def _issue_code(event: CaseEvent, store: Store) -> str:
    """A new access code; it replaces (and so revokes) any earlier one of the case."""
    code = new_access_code()
    earlier = store.get_case_access(event.case_number)
    language = event.data.get("language") or (earlier.language if earlier else "pl")
    store.save_case_access(
        CaseAccess(
            event.case_number,
            keyed_hash("access-code", normalise_code(code)),
            language,
            earlier.email if earlier else None,
            earlier.retain_until if earlier else None,
        )
    )
    return code


def _apply_retention(case_number: str, store: Store, now: datetime) -> None:
    closed = [e for e in store.case_events(case_number) if e.type == "case_closed"]
    if closed:
        last = max(e.occurred_at for e in closed)
        store.set_case_retention(case_number, last + RETENTION_AFTER_CLOSE)


NEWS_SUBJECT = {
    "en": "There is news in your case",
    "pl": "W Twojej sprawie jest nowa informacja",
    "uk": "У вашій справі є новини",
    "ru": "В вашем деле есть новости",
    "vi": "Có thông tin mới về hồ sơ của bạn",
}
NEWS_BODY = {
    "en": "Hello,\n\nThere is news in your case at the Department for Foreigners. For your "
    "privacy, this email does not say what it is. Check your case here, with your case number "
    "and access code:\n{link}\n\nTo stop these emails, switch them off on the same page.",
    "pl": "Dzień dobry,\n\nw Twojej sprawie w Wydziale Spraw Cudzoziemców jest nowa informacja. "
    "Dla ochrony Twojej prywatności ta wiadomość nie podaje szczegółów. Sprawdź sprawę tutaj, "
    "podając numer sprawy i kod dostępu:\n{link}\n\nAby nie dostawać tych wiadomości, wyłącz je "
    "na tej samej stronie.",
    "uk": "Вітаємо!\n\nУ вашій справі у Відділі у справах іноземців є новини. Щоб захистити вашу "
    "приватність, у цьому листі немає подробиць. Перевірте справу тут, указавши номер справи та "
    "код доступу:\n{link}\n\nЩоб більше не отримувати таких листів, вимкніть їх на тій самій "
    "сторінці.",
    "ru": "Здравствуйте!\n\nВ вашем деле в Отделе по делам иностранцев есть новости. Чтобы "
    "защитить вашу конфиденциальность, в этом письме нет подробностей. Проверьте дело здесь, "
    "указав номер дела и код доступа:\n{link}\n\nЧтобы больше не получать такие письма, "
    "отключите их на той же странице.",
    "vi": "Xin chào,\n\nCó thông tin mới về hồ sơ của bạn tại Phòng Người nước ngoài. Để bảo vệ "
    "quyền riêng tư của bạn, email này không nêu chi tiết. Hãy tra cứu hồ sơ tại đây bằng số hồ "
    "sơ và mã truy cập:\n{link}\n\nĐể không nhận các email này nữa, hãy tắt chúng trên cùng "
    "trang đó.",
}


def _notify(case_number: str, store: Store, mailer: Mailer) -> None:
    access = store.get_case_access(case_number)
    if access is None or not access.email:
        return
    language = access.language
    email = Email(
        to=access.email,
        subject=NEWS_SUBJECT[language],
        text=NEWS_BODY[language].format(link=page_url(language, "case-status/")),
        language=language,
    )
    try:
        mailer.send(email)
    except MailFailed:
        logging.getLogger("blizej.mail").exception("could not send a case-news email")


def _authorise(case_number: str, code: str, client: str, store: Store, now: datetime) -> CaseAccess:
    """The case's access record for the right code; the same refusal for every wrong answer."""
    client_hash = keyed_hash("client", client)
    case_hash = keyed_hash("case", case_number)
    window = now.strftime("%Y%m%d%H%M")
    if not store.take_rate_token(
        f"lookup:{client_hash}", window, LOOKUPS_PER_CLIENT_PER_MINUTE, now + timedelta(minutes=2)
    ):
        store.audit_lookup(now, case_hash, client_hash, "rate-limited")
        raise RateLimited(retry_after=60 - now.second)
    failures, window_ends = store.failed_lookups(case_number, now)
    if failures >= LOCK_AFTER_FAILURES and window_ends is not None:
        store.audit_lookup(now, case_hash, client_hash, "locked")
        raise CaseLocked(window_ends)
    access = store.get_case_access(case_number)
    expected = access.code_hash if access else NO_CODE_HASH
    if not matches("access-code", normalise_code(code), expected) or access is None:
        store.count_failed_lookup(case_number, now, now + LOCK_FOR)
        store.audit_lookup(now, case_hash, client_hash, "not-found")
        raise CaseNotFound()
    if failures:
        store.clear_failed_lookups(case_number)
    store.audit_lookup(now, case_hash, client_hash, "found")
    return access


def lookup(case_number: str, code: str, client: str, store: Store, now: datetime) -> CaseSummary:
    access = _authorise(case_number, code, client, store, now)
    return summarize(access.case_number, store.case_events(case_number), now)


def subscribe(
    case_number: str, code: str, email: str | None, client: str, store: Store, now: datetime
) -> bool:
    """Switches email news on (to `email`) or off (None); True when they are on."""
    access = _authorise(case_number, code, client, store, now)
    store.save_case_access(
        CaseAccess(
            access.case_number, access.code_hash, access.language, email, access.retain_until
        )
    )
    return email is not None
